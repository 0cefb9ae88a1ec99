from setuptools import find_packages, setup

setup(
    name="hello",
    version="1.0",
    packages=find_packages(),
    install_requires=["Flask==2.2.2", "Werkzeug==2.2.2", "gunicorn==20.1.0"],
)
