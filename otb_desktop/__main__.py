from otb_desktop.cli import main

raise SystemExit(main())
