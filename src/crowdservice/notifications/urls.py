app_name = "notifications"
urlpatterns: list = []  # type: ignore[type-arg]
