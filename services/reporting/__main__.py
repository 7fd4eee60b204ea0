from mentorship_kit.service_cli import main
from reporting.bootstrap import SERVICE

main(SERVICE)
