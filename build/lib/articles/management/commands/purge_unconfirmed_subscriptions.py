"""Delete subscriptions nobody confirmed before their confirmation link expired.

An address typed into the form but never confirmed is someone's personal data we have no consent
to keep; once its link has expired (SUBSCRIPTION_CONFIRM_MAX_AGE) it can never be confirmed, so
it is deleted. Asking again later simply starts a new double opt-in. Run daily from cron.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Subscription


class Command(BaseCommand):
    help = "Delete subscriptions whose confirmation link expired unconfirmed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many would go; delete nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        cutoff = timezone.now() - timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_MAX_AGE)
        expired = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        # The newest confirmation email decides: a re-sent link restarts the clock.
        expired = expired.exclude(confirmation_sent_at__gte=cutoff)
        if dry_run:
            self.stdout.write(f"Would delete {expired.count()} unconfirmed subscriptions.")
            return
        with transaction.atomic():
            deleted, _ = expired.delete()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} unconfirmed subscriptions."))
