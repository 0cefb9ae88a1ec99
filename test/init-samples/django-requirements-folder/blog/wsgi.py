# not the project
