"""Wagtail's user admin, deleting accounts through
accounts.services.delete_account: the delete view (through our user
viewset, see accounts.apps.WagtailUsersConfig) and the bulk delete."""

from django.db import transaction
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.users.views import users
from wagtail.users.views.bulk_actions import delete as bulk_delete

from accounts.deletion import describe_deletion
from accounts.errors import AccountsError
from accounts.selectors import get_account_deletion_plan
from accounts.services import delete_account


class UserDeleteView(users.DeleteView):
    deletion_effects: list[str] = []

    @cached_property
    def deletion_plan(self):
        return get_account_deletion_plan(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deletion_plan"] = self.deletion_plan
        if self.deletion_plan.blockers:
            # The generic template then offers no confirm button.
            context["is_protected"] = True
        return context

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            self.deletion_effects = delete_account(
                user=self.object, by=self.request.user
            )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AccountsError as error:
            messages.error(self.request, error.message)
            return redirect(self.get_delete_url())

    def get_success_message(self):
        return describe_deletion(self.object, self.deletion_effects)


class UserViewSet(users.UserViewSet):
    delete_view_class = UserDeleteView
    delete_template_name = "accounts/admin/user_confirm_delete.html"


class UserDeleteBulkAction(bulk_delete.DeleteBulkAction):
    """Replaces Wagtail's bulk delete of users (registered after it in
    accounts.wagtail_hooks), which deletes the rows directly."""

    template_name = "accounts/admin/confirm_bulk_delete_users.html"
    deletion_plans: dict = {}
    reports: list[str] = []

    def annotate_items(self, items):
        items = super().annotate_items(items)
        self.deletion_plans = {
            item.pk: get_account_deletion_plan(item) for item in items
        }
        if any(plan.blockers for plan in self.deletion_plans.values()):
            self.is_protected = True
        return items

    def object_context(self, item):
        return {
            **super().object_context(item),
            "deletion_plan": self.deletion_plans[item.pk],
        }

    def prepare_action(self, objects, objects_without_access):
        reasons = [
            f"{user}: {reason}"
            for user in objects
            for reason in self.deletion_plans[user.pk].blockers
        ]
        if reasons:
            messages.error(self.request, " ".join(reasons))
            return redirect(self.next_url)
        return super().prepare_action(objects, objects_without_access)

    def get_execution_context(self):
        return {"by": self.request.user}

    def execute_action(self, objects, by=None, **kwargs):
        self.reports = [
            describe_deletion(user, delete_account(user=user, by=by))
            for user in objects
        ]
        return len(objects), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AccountsError as error:
            messages.error(self.request, error.message)
            return redirect(self.next_url)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return " ".join(self.reports)
