from fastapi import FastAPI


def get_application() -> FastAPI:
    application = FastAPI(title="demo")

    @application.get("/")
    def root():
        return {"hello": "from fastapi"}

    return application


app = get_application()
