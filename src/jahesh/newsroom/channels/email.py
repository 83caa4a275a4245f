"""E-mail through Django's configured mail backend, one message to the channel's recipients."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from django.core.mail import EmailMessage

from jahesh.newsroom.channels.base import Delivered, DeliveryError, Outcome, OutgoingMessage


@dataclass(frozen=True, slots=True)
class EmailChannel:
    recipients: tuple[str, ...]
    from_email: str | None = None
    dedups_by_key: bool = False

    def send(self, message: OutgoingMessage) -> Delivered:
        if not self.recipients:
            raise DeliveryError(Outcome.PERMANENT, "نشانی گیرنده‌ای برای رایانامه وارد نشده است.")
        subject = f"اصلاحیه: {message.title}" if message.is_correction else message.title
        parts = [message.kicker, message.title, message.lead, message.body, message.url]
        mail = EmailMessage(
            subject=subject.replace("\n", " ")[:200],
            body="\n\n".join(part for part in parts if part),
            from_email=self.from_email,
            bcc=list(self.recipients),
            headers={"X-Idempotency-Key": message.idempotency_key},
        )
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(Outcome.PERMANENT, "سرور رایانامه گیرندگان را نپذیرفت.") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(Outcome.PERMANENT, "ورود به سرور رایانامه پذیرفته نشد.") from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise DeliveryError(
                Outcome.UNCERTAIN, "سرور رایانامه در میانه ارسال قطع شد؛ نتیجه معلوم نیست."
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(
                Outcome.RETRY, f"ارسال رایانامه نشد ({type(exc).__name__}); دوباره تلاش می‌شود."
            ) from exc
        return Delivered()
