from souk.bootstrap.cli import main

main()
