SECRET_KEY = "demo-only-not-secret"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "shop.urls"
INSTALLED_APPS = []
DATABASES = {}
