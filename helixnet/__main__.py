"""``python -m helixnet``: the command-line interface."""

from helixnet.cli import main

if __name__ == "__main__":
    main()
