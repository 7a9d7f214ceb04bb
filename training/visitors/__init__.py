"""Who may do what: visitors and their rules, the users file, and every operation a visitor makes on the store."""
