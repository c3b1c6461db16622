print("tsforecast")
