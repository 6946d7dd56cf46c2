"""Queue a digest for every confirmed subscriber who is still owed notifications.

A digest that failed NOTIFY_MAX_ATTEMPTS times leaves its notifications pending until the
subscriber's next comment comes along; a queue wiped in an outage leaves them pending too. Run
this after such an incident (or from cron, hourly) so that nothing waits indefinitely. Safe to
run at any time: a subscriber with a digest already queued is left alone, and each notification is
still sent at most once.
"""

from django.core.management.base import BaseCommand

from articles.models import DeliveryStatus, Subscription
from articles.subscriptions import notifications


class Command(BaseCommand):
    help = "Queue a digest for each confirmed subscriber with notifications still pending."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many would be queued; queue nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        owed = (
            Subscription.objects.confirmed()
            .filter(deliveries__status=DeliveryStatus.PENDING)
            .distinct()
            .values_list("pk", flat=True)
        )
        subscription_ids = list(owed)
        if dry_run:
            self.stdout.write(f"Would queue digests for {len(subscription_ids)} subscribers.")
            return
        # Each in its own transaction (inside schedule_digest): one failure does not undo others.
        for subscription_id in subscription_ids:
            notifications.schedule_digest(subscription_id)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checked {len(subscription_ids)} subscribers with pending notifications."
                )
            )
