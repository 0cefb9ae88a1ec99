from fastapi import FastAPI


def get_application() -> FastAPI:
    application = FastAPI(title="realworld sample")
    return application


app = get_application()
