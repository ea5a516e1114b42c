from wagtail import hooks

from api.wagtail_api import with_bounded_pagination


# Last, so it sees every endpoint the other hooks registered (the admin's
# pages, images and documents, and any scoped replacement of them).
@hooks.register("construct_admin_api", order=1000)
def bound_admin_api_offsets(router):
    # The router keeps its endpoints in `_endpoints` and offers no public way
    # to list them.
    for name, viewset in list(router._endpoints.items()):
        router.register_endpoint(name, with_bounded_pagination(viewset))
