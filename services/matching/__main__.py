from matching.bootstrap import SERVICE
from mentorship_kit.service_cli import main

main(SERVICE)
