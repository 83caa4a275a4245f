"""Staff pages of security: one's own two-factor sign-in, and a city's policy and audit log."""
