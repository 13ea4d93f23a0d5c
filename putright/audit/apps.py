from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "putright.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # Sign-ins happen inside django.contrib.auth and lockouts inside django-axes: their
        # signals are the one edge we listen to.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from putright.audit import receivers

        user_logged_in.connect(receivers.signed_in, dispatch_uid="audit_signed_in")
        user_logged_out.connect(receivers.signed_out, dispatch_uid="audit_signed_out")
        user_login_failed.connect(receivers.sign_in_failed, dispatch_uid="audit_sign_in_failed")
        user_locked_out.connect(receivers.locked_out, dispatch_uid="audit_locked_out")
