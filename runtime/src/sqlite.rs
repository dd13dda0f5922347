//! `_glassbox_sqlite`: the small native core under the `sqlite3` package (python/sqlite3/).
//!
//! SQLite itself is real: `rusqlite` with SQLite compiled in (natively from C, in the browser
//! through `sqlite-wasm-rs`). This module only opens connections, runs one statement with bound
//! parameters, and reports SQLite's own result: rows, or an error code with SQLite's message.
//! Everything a Python programmer knows as `sqlite3` (connections, cursors, transactions,
//! `Row`, the DB-API exception classes) is written in Python on top, where learners can read it.
//!
//! Results are plain tuples, tagged by their first item:
//! - `("ok", columns, rows, changes, lastrowid, readonly)`
//! - `("sqlite", code, extended_code, message, offset)` for an error SQLite reported
//!   (`offset` is the byte position in the SQL where SQLite found it, or -1);
//! - `("programming", message)` / `("interface", message)` for a misuse caught before SQLite ran.

pub(crate) use module::module_def;

#[rustpython_vm::pymodule(name = "_glassbox_sqlite")]
mod module {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use rusqlite::types::{Value, ValueRef};
    use rusqlite::{Connection, Error};
    use rustpython_vm::builtins::{
        PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyStr, PyTupleRef,
    };
    use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

    thread_local! {
        /// Open connections by handle. Python's `Connection` keeps the handle and closes it.
        static CONNECTIONS: RefCell<HashMap<u32, Connection>> = RefCell::new(HashMap::new());
        static NEXT_HANDLE: RefCell<u32> = const { RefCell::new(1) };
    }

    #[pyattr]
    fn sqlite_version(_vm: &VirtualMachine) -> String {
        rusqlite::version().to_owned()
    }

    /// Opens a database (`":memory:"` for a private in-memory one); returns a handle.
    #[pyfunction]
    fn open(path: String, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
        match Connection::open(&path) {
            Ok(connection) => {
                let handle = NEXT_HANDLE.with(|next| {
                    let mut next = next.borrow_mut();
                    *next += 1;
                    *next - 1
                });
                CONNECTIONS.with(|connections| connections.borrow_mut().insert(handle, connection));
                Ok(vm.ctx.new_int(handle).into())
            }
            Err(error) => Ok(error_result(&error, vm).into()),
        }
    }

    #[pyfunction]
    fn close(handle: u32) {
        CONNECTIONS.with(|connections| connections.borrow_mut().remove(&handle));
    }

    /// True when no transaction is open (SQLite's autocommit mode).
    #[pyfunction]
    fn is_autocommit(handle: u32) -> bool {
        with_connection(handle, |connection| connection.is_autocommit()).unwrap_or(true)
    }

    /// Runs one statement. `parameters` is a list (for `?` placeholders) or a dict (for `:name`).
    #[pyfunction]
    fn execute(
        handle: u32,
        sql: String,
        parameters: PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<PyTupleRef> {
        with_connection(handle, |connection| {
            run_statement(connection, &sql, &parameters, vm)
        })
        .unwrap_or_else(|| {
            Ok(tagged(
                vm,
                "programming",
                vec![
                    vm.ctx
                        .new_str("Cannot operate on a closed database.")
                        .into(),
                ],
            ))
        })
    }

    /// Runs a script of several statements, with no parameters.
    #[pyfunction]
    fn executescript(handle: u32, sql: String, vm: &VirtualMachine) -> PyTupleRef {
        with_connection(handle, |connection| match connection.execute_batch(&sql) {
            Ok(()) => ok_result(vm, None, Vec::new(), connection, false),
            Err(error) => error_result(&error, vm),
        })
        .unwrap_or_else(|| {
            tagged(
                vm,
                "programming",
                vec![
                    vm.ctx
                        .new_str("Cannot operate on a closed database.")
                        .into(),
                ],
            )
        })
    }

    fn with_connection<T>(handle: u32, body: impl FnOnce(&Connection) -> T) -> Option<T> {
        CONNECTIONS.with(|connections| connections.borrow().get(&handle).map(body))
    }

    fn run_statement(
        connection: &Connection,
        sql: &str,
        parameters: &PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<PyTupleRef> {
        let mut statement = match connection.prepare(sql) {
            Ok(statement) => statement,
            Err(Error::MultipleStatement) => {
                return Ok(tagged(
                    vm,
                    "programming",
                    vec![
                        vm.ctx
                            .new_str("You can only execute one statement at a time.")
                            .into(),
                    ],
                ));
            }
            Err(error) => return Ok(error_result(&error, vm)),
        };
        if let Err(message) = bind(&mut statement, parameters, vm)? {
            let kind = if message.starts_with("Error binding") {
                "interface"
            } else {
                "programming"
            };
            return Ok(tagged(vm, kind, vec![vm.ctx.new_str(message).into()]));
        }
        let readonly = statement.readonly();
        let columns: Option<Vec<String>> = (statement.column_count() > 0)
            .then(|| statement.column_names().map(str::to_owned).collect());
        let width = statement.column_count();
        let mut rows = Vec::new();
        let mut cursor = statement.raw_query();
        loop {
            match cursor.next() {
                Ok(Some(row)) => {
                    let mut values = Vec::with_capacity(width);
                    for index in 0..width {
                        let value = row
                            .get_ref(index)
                            .map_err(|error| vm.new_runtime_error(error.to_string()))?;
                        values.push(to_python(value, vm));
                    }
                    rows.push(vm.ctx.new_tuple(values).into());
                }
                Ok(None) => break,
                Err(error) => return Ok(error_result(&error, vm)),
            }
        }
        drop(cursor);
        Ok(ok_result(vm, columns, rows, connection, readonly))
    }

    /// Binds Python values to the statement's placeholders; `Ok(Err(message))` is a misuse.
    fn bind(
        statement: &mut rusqlite::Statement<'_>,
        parameters: &PyObjectRef,
        vm: &VirtualMachine,
    ) -> PyResult<Result<(), String>> {
        let expected = statement.parameter_count();
        if let Some(named) = parameters.downcast_ref::<PyDict>() {
            for index in 1..=expected {
                let Some(name) = statement.parameter_name(index).map(str::to_owned) else {
                    return Ok(Err("Binding a dict needs named placeholders (:name), but the statement uses ?.".into()));
                };
                let key = &name[1..]; // without the leading ':', '@' or '$'
                let Some(value) = named.get_item_opt(key, vm)? else {
                    return Ok(Err(format!(
                        "You did not supply a value for binding parameter {name}."
                    )));
                };
                match to_sqlite(&value, vm) {
                    Some(value) => statement
                        .raw_bind_parameter(index, value)
                        .map_err(|error| vm.new_runtime_error(error.to_string()))?,
                    None => {
                        return Ok(Err(format!(
                            "Error binding parameter {name}: type '{}' is not supported",
                            value.class().name()
                        )));
                    }
                }
            }
            return Ok(Ok(()));
        }
        let values: Vec<PyObjectRef> = parameters.try_to_value(vm)?;
        if values.len() != expected {
            return Ok(Err(format!(
                "Incorrect number of bindings supplied. The current statement uses {expected}, and there are {} supplied.",
                values.len()
            )));
        }
        for (position, value) in values.iter().enumerate() {
            match to_sqlite(value, vm) {
                Some(converted) => statement
                    .raw_bind_parameter(position + 1, converted)
                    .map_err(|error| vm.new_runtime_error(error.to_string()))?,
                None => {
                    return Ok(Err(format!(
                        "Error binding parameter {}: type '{}' is not supported",
                        position + 1,
                        value.class().name()
                    )));
                }
            }
        }
        Ok(Ok(()))
    }

    /// Python's int, float, str, bytes and None map onto SQLite's five storage classes.
    fn to_sqlite(value: &PyObjectRef, vm: &VirtualMachine) -> Option<Value> {
        if let Some(integer) = value.downcast_ref::<PyInt>() {
            return i64::try_from(integer.as_bigint()).ok().map(Value::Integer);
        }
        if let Some(float) = value.downcast_ref::<PyFloat>() {
            return Some(Value::Real(float.to_f64()));
        }
        if let Some(text) = value.downcast_ref::<PyStr>() {
            return Some(Value::Text(text.to_string_lossy().into_owned()));
        }
        if let Some(bytes) = value.downcast_ref::<PyBytes>() {
            return Some(Value::Blob(bytes.as_bytes().to_vec()));
        }
        if let Some(bytes) = value.downcast_ref::<PyByteArray>() {
            return Some(Value::Blob(bytes.borrow_buf().to_vec()));
        }
        vm.is_none(value).then_some(Value::Null)
    }

    fn to_python(value: ValueRef<'_>, vm: &VirtualMachine) -> PyObjectRef {
        match value {
            ValueRef::Null => vm.ctx.none(),
            ValueRef::Integer(integer) => vm.ctx.new_int(integer).into(),
            ValueRef::Real(real) => vm.ctx.new_float(real).into(),
            ValueRef::Text(text) => vm
                .ctx
                .new_str(String::from_utf8_lossy(text).into_owned())
                .into(),
            ValueRef::Blob(blob) => vm.ctx.new_bytes(blob.to_vec()).into(),
        }
    }

    fn ok_result(
        vm: &VirtualMachine,
        columns: Option<Vec<String>>,
        rows: Vec<PyObjectRef>,
        connection: &Connection,
        readonly: bool,
    ) -> PyTupleRef {
        let columns = match columns {
            Some(names) => vm
                .ctx
                .new_tuple(
                    names
                        .into_iter()
                        .map(|name| vm.ctx.new_str(name).into())
                        .collect(),
                )
                .into(),
            None => vm.ctx.none(),
        };
        tagged(
            vm,
            "ok",
            vec![
                columns,
                vm.ctx.new_list(rows).into(),
                vm.ctx.new_int(connection.changes()).into(),
                vm.ctx.new_int(connection.last_insert_rowid()).into(),
                vm.ctx.new_bool(readonly).into(),
            ],
        )
    }

    fn error_result(error: &Error, vm: &VirtualMachine) -> PyTupleRef {
        let (code, message, offset) = match error {
            Error::SqliteFailure(failure, message) => (
                failure.extended_code,
                message.clone().unwrap_or_else(|| failure.to_string()),
                -1,
            ),
            Error::SqlInputError {
                error, msg, offset, ..
            } => (error.extended_code, msg.clone(), *offset),
            other => (1, other.to_string(), -1),
        };
        tagged(
            vm,
            "sqlite",
            vec![
                vm.ctx.new_int(code & 0xff).into(),
                vm.ctx.new_int(code).into(),
                vm.ctx.new_str(message).into(),
                vm.ctx.new_int(offset).into(),
            ],
        )
    }

    fn tagged(vm: &VirtualMachine, tag: &str, mut items: Vec<PyObjectRef>) -> PyTupleRef {
        items.insert(0, vm.ctx.new_str(tag).into());
        vm.ctx.new_tuple(items)
    }
}
