"""Staff accounts: sign-in with lockout, passwords, and admins managing staff in their scope."""
