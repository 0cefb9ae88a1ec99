from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "styleguide_example.common"
