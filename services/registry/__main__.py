from mentorship_kit.service_cli import main
from registry.bootstrap import SERVICE

main(SERVICE)
