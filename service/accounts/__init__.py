"""Resident accounts: WeChat sign-in, binding to a register member, and the refresh tokens of every login."""
