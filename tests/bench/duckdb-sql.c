/*
 * duckdb-sql SQL...: run each statement in turn in an in-memory DuckDB
 * database; duckdb-sql --version prints the library's version.  The bench's
 * DuckDB peers write their rows with COPY (...) TO '/dev/stdout', as a
 * user of the DuckDB shell would, so this driver prints nothing itself.
 *
 * The library is the one in the npm package @duckdb/node-bindings-linux-*
 * (tests/bench/duckdb-setup), which ships no header: the declarations
 * below are the few functions of DuckDB's C API (duckdb.h) used here, and
 * duckdb_result as its stable ABI lays it out.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t idx_t;
typedef struct _duckdb_database { void *internal_ptr; } *duckdb_database;
typedef struct _duckdb_connection { void *internal_ptr; } *duckdb_connection;
typedef enum { DuckDBSuccess = 0, DuckDBError = 1 } duckdb_state;
typedef struct {
	idx_t	 deprecated_column_count;
	idx_t	 deprecated_row_count;
	idx_t	 deprecated_rows_changed;
	void	*deprecated_columns;
	char	*deprecated_error_message;
	void	*internal_data;
} duckdb_result;

const char	*duckdb_library_version(void);
duckdb_state	 duckdb_open(const char *, duckdb_database *);
duckdb_state	 duckdb_connect(duckdb_database, duckdb_connection *);
duckdb_state	 duckdb_query(duckdb_connection, const char *, duckdb_result *);
const char	*duckdb_result_error(duckdb_result *);
void		 duckdb_destroy_result(duckdb_result *);
void		 duckdb_disconnect(duckdb_connection *);
void		 duckdb_close(duckdb_database *);

int
main(int argc, char *argv[])
{
	duckdb_database db;
	duckdb_connection con;
	duckdb_result res;
	int i, status = 0;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("DuckDB %s\n", duckdb_library_version());
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: duckdb-sql SQL...\n");
		return 2;
	}
	if (duckdb_open(NULL, &db) != DuckDBSuccess) {
		fprintf(stderr, "duckdb-sql: cannot open a database\n");
		return 1;
	}
	if (duckdb_connect(db, &con) != DuckDBSuccess) {
		fprintf(stderr, "duckdb-sql: cannot connect\n");
		duckdb_close(&db);
		return 1;
	}
	for (i = 1; i < argc && status == 0; i++) {
		if (duckdb_query(con, argv[i], &res) != DuckDBSuccess) {
			fprintf(stderr, "duckdb-sql: %s\n",
			    duckdb_result_error(&res));
			status = 1;
		}
		duckdb_destroy_result(&res);
	}
	duckdb_disconnect(&con);
	duckdb_close(&db);
	return status;
}
