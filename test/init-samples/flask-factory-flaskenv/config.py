class Config:
    SECRET_KEY = "dev"
