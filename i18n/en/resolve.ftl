## (filled in as the messages of this area move here)
