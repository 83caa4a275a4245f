from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jahesh.core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from jahesh.core import audit
        from jahesh.core.twofactor import policy

        # Sign-ins, failures, lock-outs and sign-outs go to the audit log; a sign-in also asks
        # at once whether the person owes a second step.
        signals.user_logged_in.connect(audit.on_signed_in, dispatch_uid="jahesh-audit-in")
        signals.user_logged_in.connect(policy.on_signed_in, dispatch_uid="jahesh-2fa-in")
        signals.user_logged_out.connect(audit.on_signed_out, dispatch_uid="jahesh-audit-out")
        signals.user_login_failed.connect(
            audit.on_sign_in_failed, dispatch_uid="jahesh-audit-failed"
        )
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="jahesh-audit-locked")
