"""Two-factor sign-in for staff (TOTP with django-otp, backup codes), and who must use it."""
