from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="SimpleModel",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False)), ("name", models.CharField(max_length=255))],
        ),
    ]
