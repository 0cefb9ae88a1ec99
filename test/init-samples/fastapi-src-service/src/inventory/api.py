from fastapi import FastAPI

service = FastAPI()


@service.get("/")
def health():
    return {"ok": True}
