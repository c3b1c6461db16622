// libcsv's streaming parser (csv_init, csv_parse, csv_fini, csv_free).
#include <csv.h>
