"""Reading reports from files and cleaning them into documents."""
