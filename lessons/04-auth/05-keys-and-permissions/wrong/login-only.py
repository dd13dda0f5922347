from glassbox.auth.impersonation import real_user
from glassbox.auth.permissions import (SAFE_METHODS, BasePermission, IsAuthenticated,
                                       check_permissions)
from glassbox.http import JsonResponse

from polls import Poll


class IsOwnerOrReadOnly(BasePermission):
    message = "Only the poll's owner may change it."

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or obj.owner_id == request.user.pk


def poll_detail(request, poll_id):
    poll = Poll.objects.get(pk=poll_id)
    refusal = check_permissions(request, [IsAuthenticated], obj=poll)
    if refusal is not None:
        return refusal  # 401 for strangers, 403 for users who may not
    if request.method == "POST":
        poll.question = request.POST["question"]
        poll.edited_by = real_user(request).username  # the staff member, when impersonating
        poll.save()
    return JsonResponse({"id": poll.pk, "question": poll.question,
                         "owner": poll.owner.username, "edited_by": poll.edited_by})
