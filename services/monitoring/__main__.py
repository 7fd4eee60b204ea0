from mentorship_kit.service_cli import main
from monitoring.bootstrap import SERVICE

main(SERVICE)
