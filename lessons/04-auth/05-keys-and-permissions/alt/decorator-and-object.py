from glassbox.auth.impersonation import real_user
from glassbox.auth.permissions import (SAFE_METHODS, BasePermission, IsAuthenticated,
                                       check_permissions, permission_classes)
from glassbox.http import JsonResponse

from polls import Poll


class IsOwnerOrReadOnly(BasePermission):
    message = "Only the poll's owner may change it."

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return obj.owner == request.user


@permission_classes(IsAuthenticated)
def poll_detail(request, poll_id):
    poll = Poll.objects.get(pk=poll_id)
    refusal = check_permissions(request, [IsOwnerOrReadOnly], obj=poll)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        poll.question = request.POST["question"]
        poll.edited_by = (request.impersonator or request.user).username
        poll.save()
    return JsonResponse({"id": poll.pk, "question": poll.question,
                         "owner": poll.owner.username, "edited_by": poll.edited_by})
