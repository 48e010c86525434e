#include "EventStore.h"

#include "NdjsonRecord.h"
#include "TextIndex.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <limits>

namespace {

QAtomicInteger<quint64> s_connections;

// Index i upgrades a history from schema version i to i + 1. Never edit a released step: add one.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps = {
        {
            QStringLiteral("CREATE TABLE events ("
                           " id INTEGER PRIMARY KEY,"
                           " received_at INTEGER NOT NULL,"
                           " method TEXT NOT NULL,"
                           " target BLOB NOT NULL,"
                           " path BLOB NOT NULL,"
                           " http_version TEXT NOT NULL,"
                           " remote TEXT NOT NULL,"
                           " headers BLOB NOT NULL,"
                           " body BLOB NOT NULL,"
                           " body_size INTEGER NOT NULL,"
                           " content_type TEXT,"
                           " event TEXT,"
                           " channel TEXT,"
                           " action TEXT,"
                           " environment TEXT,"
                           " idempotency_key TEXT,"
                           " message TEXT,"
                           " duplicate_of INTEGER,"
                           " problems TEXT NOT NULL DEFAULT '',"
                           " response_status INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX events_received_at ON events(received_at)"),
            QStringLiteral("CREATE INDEX events_channel ON events(channel, action)"),
            QStringLiteral("CREATE INDEX events_action ON events(action)"),
            QStringLiteral("CREATE INDEX events_environment ON events(environment)"),
            QStringLiteral("CREATE INDEX events_key ON events(idempotency_key) WHERE idempotency_key IS NOT NULL"),
            QStringLiteral("CREATE INDEX events_duplicate_of ON events(duplicate_of) WHERE duplicate_of IS NOT NULL"),
        },
        {
            // "Duplicates only" and "with problems only", newest first, without reading every row:
            // measured on 1,000,000 events, ~500 ms each before (a walk of the whole table).
            QStringLiteral("CREATE INDEX events_retries ON events(id) WHERE duplicate_of IS NOT NULL"),
            QStringLiteral("CREATE INDEX events_with_problems ON events(id) WHERE problems != ''"),
            // The time index now also covers the timeline's count, so it reads no bodies (at launch on
            // 1,550,680 events the window's first rows came 1.25 s -> 0.9 s after start). Widening the
            // existing index rather than adding one keeps ingest at its measured rate: a fourth
            // per-row index cost ~15% of keep-alive throughput.
            QStringLiteral("DROP INDEX events_received_at"),
            QStringLiteral(
                "CREATE INDEX events_received_at ON events(received_at, environment, duplicate_of, problems)"),
        },
        {
            // The resource an event is about (data.id), for the window's resource history. Spelled
            // as Envelope::resourceId spells it: a string as it is, an integer in decimal, else NULL.
            QStringLiteral("ALTER TABLE events ADD COLUMN resource_id TEXT"),
            QStringLiteral("UPDATE events SET resource_id = CASE json_type(CAST(body AS TEXT), '$.data.id')"
                           " WHEN 'text' THEN json_extract(CAST(body AS TEXT), '$.data.id')"
                           " WHEN 'integer' THEN CAST(json_extract(CAST(body AS TEXT), '$.data.id') AS TEXT)"
                           " END"
                           " WHERE channel IS NOT NULL AND json_valid(CAST(body AS TEXT))"
                           " AND json_type(CAST(body AS TEXT), '$.data') = 'object'"),
            // Widened rather than added: one more per-row index would cost ingest throughput (see
            // step 2), and (channel, action) lookups still narrow to the channel through it.
            QStringLiteral("DROP INDEX events_channel"),
            QStringLiteral("CREATE INDEX events_channel ON events(channel, resource_id, action)"),
        },
        {
            // Every attempt to resend or forward an event and the target's answer. Deleting events
            // deletes their deliveries (EventStore::remove and clear): ids can be given out again.
            QStringLiteral("CREATE TABLE deliveries ("
                           " id INTEGER PRIMARY KEY,"
                           " event_id INTEGER NOT NULL,"
                           " target TEXT NOT NULL,"
                           " method TEXT NOT NULL,"
                           " idempotency_key TEXT,"
                           " sent_at INTEGER NOT NULL,"
                           " latency_ms INTEGER NOT NULL,"
                           " status INTEGER NOT NULL,"
                           " reason BLOB NOT NULL,"
                           " response_headers BLOB NOT NULL,"
                           " response_body BLOB NOT NULL,"
                           " response_truncated INTEGER NOT NULL,"
                           " error TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX deliveries_event ON deliveries(event_id)"),
        },
        {
            // The text filter's trigram index (see TextIndex for what it holds and why). Contentless:
            // it keeps no copy of the text, and nothing can make FTS5 read the raw columns instead of
            // TextIndex::searchable(). detail=none and columnsize=0: which events hold a trigram is all
            // the filter asks (measured on 1,000,000 events: ~520 MB for 785 MB of bodies and headers).
            // It starts empty: the capture writer fills it when it is idle (EventWriter).
            QStringLiteral("CREATE VIRTUAL TABLE events_text USING fts5(body, headers, content='',"
                           " tokenize='trigram case_sensitive 0', detail=none, columnsize=0)"),
            QStringLiteral("CREATE TABLE events_text_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
                           " indexed_up_to INTEGER NOT NULL)"),
            QStringLiteral("INSERT INTO events_text_state VALUES (1, 0)"),
        },
        {
            // What each channel event's data looks like, learned at capture (DriftCheck): one row
            // per channel event, {"data.amount": [types, seen], ...} in fields. The capture never
            // writes it: ShapeKeeper saves what DriftCheck learned, from its own connection.
            QStringLiteral("CREATE TABLE data_shapes (channel TEXT NOT NULL, action TEXT NOT NULL,"
                           " events INTEGER NOT NULL, fields TEXT NOT NULL, updated_at INTEGER NOT NULL,"
                           " PRIMARY KEY (channel, action)) WITHOUT ROWID"),
        },
    };
    return steps;
}

// The problems column holds a JSON array of strings, '' when there are none (so `problems != ''`
// finds the events with problems). JSON, not lines: a problem can quote the sender's text, line
// breaks included.
QByteArray encodeProblems(const QStringList& problems)
{
    if (problems.isEmpty()) {
        return QByteArray("");
    }
    QByteArray json = QJsonDocument(QJsonArray::fromStringList(problems)).toJson(QJsonDocument::Compact);
    // Qt 6.4's JSON reader drops a raw U+FEFF at the start of a string (see NdjsonRecord::line).
    return json.replace("\xef\xbb\xbf", "\\ufeff");
}

QStringList decodeProblems(const QString& stored)
{
    QStringList problems;
    const QJsonArray array = QJsonDocument::fromJson(stored.toUtf8()).array();
    for (const QJsonValue& problem : array) {
        problems.append(problem.toString());
    }
    return problems;
}

/// The columns readEvent() reads, in its order.
const char* const s_eventColumns = "id, received_at, method, target, path, http_version, remote, headers, body,"
                                   " content_type, event, channel, action, environment, idempotency_key, message,"
                                   " duplicate_of, problems, response_status, resource_id";

void readEvent(const QSqlQuery& q, StoredEvent& e)
{
    e.id = q.value(0).toLongLong();
    e.receivedAtMs = q.value(1).toLongLong();
    e.method = q.value(2).toString().toLatin1();
    e.target = q.value(3).toByteArray();
    e.path = q.value(4).toByteArray();
    e.httpVersion = q.value(5).toString().toLatin1();
    e.remote = q.value(6).toString();
    e.headers = StoredEvent::decodeHeaders(q.value(7).toByteArray());
    e.body = q.value(8).toByteArray();
    e.contentType = q.value(9).isNull() ? QByteArray() : q.value(9).toString().toUtf8();
    e.event = q.value(10).toString();
    e.channel = q.value(11).toString();
    e.action = q.value(12).toString();
    e.environment = q.value(13).toString();
    e.idempotencyKey = q.value(14).toString();
    e.message = q.value(15).toString();
    e.duplicateOf = q.value(16).toLongLong();
    e.problems = decodeProblems(q.value(17).toString());
    e.responseStatus = q.value(18).toInt();
    e.resourceId = q.value(19).toString();
}

/// "?, ?, ?" for @p count values.
QString placeholders(qsizetype count)
{
    QString list;
    for (qsizetype i = 0; i < count; ++i) {
        list.append(i == 0 ? QLatin1String("?") : QLatin1String(", ?"));
    }
    return list;
}

// Well under SQLite's limit of bound values (32766 since 3.32), so one IN list fits any batch.
constexpr qsizetype MaxInList = 500;

} // namespace

EventStore::EventStore()
    : m_connectionName(QStringLiteral("hookscope-%1").arg(s_connections.fetchAndAddRelaxed(1)))
{
}

EventStore::~EventStore()
{
    close();
}

QString EventStore::defaultPath()
{
    // Named after the application only, not its organisation as AppDataLocation would be: the
    // history stays in ~/.local/share/Hookscope/ (and a test's, under its own application name).
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
        + QCoreApplication::applicationName();
    QDir().mkpath(dir);
    return dir + QStringLiteral("/history.sqlite");
}

void EventStore::close()
{
    for (SqliteStatement* statement : {&m_insert, &m_findKey, &m_begin, &m_commit, &m_rollback, &m_textPending,
             &m_textInsert, &m_textMark, &m_textSavepoint, &m_textRelease, &m_textRollback}) {
        statement->finalize();
    }
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool EventStore::setError(const QString& what, const QSqlError& error)
{
    m_error = QStringLiteral("%1: %2: %3").arg(m_path, what, error.text().trimmed());
    return false;
}

bool EventStore::setError(const QString& what, const SqliteStatement& statement)
{
    m_error = QStringLiteral("%1: %2: %3").arg(m_path, what, statement.errorString());
    return false;
}

bool EventStore::run(SqliteStatement& statement, const QString& what)
{
    const bool ok = statement.step();
    if (!ok) {
        setError(what, statement);
    }
    statement.reset();
    return ok;
}

bool EventStore::refuseUnusable(const QFileInfo& info, OpenMode mode)
{
    if (!info.exists()) {
        if (mode == OpenMode::MustExist) {
            m_error = QStringLiteral("%1: no such history database").arg(m_path);
            return true;
        }
        if (!info.dir().exists()) {
            m_error = QStringLiteral("%1: the folder %2 does not exist").arg(m_path, info.dir().path());
            return true;
        }
        return false;
    }
    if (!info.isFile()) {
        m_error = QStringLiteral("%1: not a regular file").arg(m_path);
        return true;
    }
    QFile file(info.filePath());
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("%1: cannot read: %2").arg(m_path, file.errorString());
        return true;
    }
    const QByteArray magic = file.read(16);
    if (!magic.isEmpty() && magic != QByteArray("SQLite format 3\0", 16)) {
        m_error = QStringLiteral("%1: not a Hookscope history (not an SQLite database); left untouched").arg(m_path);
        return true;
    }
    return false;
}

bool EventStore::open(const QString& path, OpenMode mode)
{
    close();
    m_path = path;
    m_mode = mode;
    m_error.clear();
    // SQLite takes ":memory:" and "file:...?mode=memory" for in-memory databases (every event would
    // be answered 200 and lost) and QFileInfo takes ":name" for a Qt resource: a relative path is
    // made absolute here, so the checks and SQLite both see the file that the user named.
    const QString file = path.startsWith(QLatin1Char(':')) || QFileInfo(path).isRelative()
        ? QDir::currentPath() + QLatin1Char('/') + path
        : path;
    if (refuseUnusable(QFileInfo(file), mode)) {
        return false;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(file);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        setError(QStringLiteral("cannot open"), m_db.lastError());
        close();
        return false;
    }
    // Identity first, before any statement that could write to a file that isn't ours.
    if (!checkIdentity() || !exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !exec(QStringLiteral("PRAGMA synchronous=FULL")) || !migrate(m_userVersion) || !prepareStatements()) {
        close();
        return false;
    }
    return true;
}

bool EventStore::checkIdentity()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT (SELECT application_id FROM pragma_application_id),"
                               " (SELECT user_version FROM pragma_user_version),"
                               " (SELECT count(*) FROM sqlite_master)"))
        || !q.next()) {
        return setError(QStringLiteral("not a usable SQLite database"), q.lastError());
    }
    const qint64 appId = q.value(0).toLongLong();
    m_userVersion = q.value(1).toInt();
    const qint64 objects = q.value(2).toLongLong();
    const bool blank = appId == 0 && m_userVersion == 0 && objects == 0;
    if (blank && m_mode == OpenMode::MustExist) {
        // Only a writer turns an empty file into a history; a reader (export) never writes.
        m_error = QStringLiteral("%1: an empty file, not a Hookscope history; left untouched").arg(m_path);
        return false;
    }
    if (appId != ApplicationId && !blank) {
        m_error = QStringLiteral("%1: an SQLite database of another program, not a Hookscope history; left untouched")
                      .arg(m_path);
        return false;
    }
    if (m_userVersion > SchemaVersion) {
        m_error
            = QStringLiteral("%1: written by a newer Hookscope (schema %2, this one knows up to %3); left untouched")
                  .arg(m_path)
                  .arg(m_userVersion)
                  .arg(SchemaVersion);
        return false;
    }
    return true;
}

bool EventStore::exec(const QString& sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql)) {
        return setError(sql.section(QLatin1Char(' '), 0, 2), q.lastError());
    }
    return true;
}

bool EventStore::migrate(int fromVersion)
{
    if (fromVersion == SchemaVersion) {
        return true;
    }
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        return false;
    }
    for (int version = fromVersion; version < SchemaVersion; ++version) {
        for (const QString& sql : migrations().at(version)) {
            if (!exec(sql)) {
                exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
    }
    if (!exec(QStringLiteral("PRAGMA application_id=%1").arg(ApplicationId))
        || !exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion)) || !exec(QStringLiteral("COMMIT"))) {
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    m_userVersion = SchemaVersion;
    return true;
}

bool EventStore::prepareStatements()
{
    const QVariant handle = m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        m_error = QStringLiteral("%1: the Qt SQLite driver gave no SQLite handle").arg(m_path);
        return false;
    }
    sqlite3* db = *static_cast<sqlite3* const*>(handle.constData());
    const struct
    {
        SqliteStatement& statement;
        const char* sql;
    } statements[] = {
        {m_insert,
            "INSERT INTO events (received_at, method, target, path, http_version, remote, headers, body, body_size,"
            " content_type, event, channel, action, environment, idempotency_key, message, duplicate_of, problems,"
            " response_status, resource_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
        {m_findKey, "SELECT min(id) FROM events WHERE idempotency_key = ?"},
        {m_begin, "BEGIN IMMEDIATE"},
        {m_commit, "COMMIT"},
        {m_rollback, "ROLLBACK"},
        // Sizes from the record headers (length() of a blob reads no overflow page).
        {m_textPending,
            "SELECT id, length(body) + length(headers) FROM events"
            " WHERE id > (SELECT indexed_up_to FROM events_text_state) ORDER BY id LIMIT ?"},
        {m_textInsert,
            "INSERT INTO events_text (rowid, body, headers)"
            " SELECT id, hookscope_searchable(body), hookscope_searchable(headers) FROM events"
            " WHERE id > (SELECT indexed_up_to FROM events_text_state) AND id <= ?"},
        {m_textMark, "UPDATE events_text_state SET indexed_up_to = ?"},
        {m_textSavepoint, "SAVEPOINT text_index"},
        {m_textRelease, "RELEASE text_index"},
        {m_textRollback, "ROLLBACK TO text_index"},
    };
    if (!TextIndex::registerFunctions(db)) {
        m_error = QStringLiteral("%1: cannot register the text index's SQL function").arg(m_path);
        return false;
    }
    for (const auto& s : statements) {
        if (!s.statement.prepare(db, s.sql)) {
            return setError(QStringLiteral("cannot prepare %1").arg(QLatin1String(s.sql).left(20)), s.statement);
        }
    }
    return true;
}

bool EventStore::begin()
{
    return run(m_begin, QStringLiteral("cannot begin a transaction"));
}

bool EventStore::commit()
{
    return run(m_commit, QStringLiteral("commit failed"));
}

void EventStore::rollback()
{
    m_insert.reset();
    m_findKey.reset();
    m_rollback.step();
    m_rollback.reset();
}

qint64 EventStore::firstWithKey(const QByteArray& key)
{
    m_findKey.bindText(1, key);
    bool hasRow = false;
    const qint64 id = m_findKey.step(&hasRow) && hasRow ? m_findKey.columnInt(0) : 0;
    m_findKey.reset();
    return id;
}

bool EventStore::insert(StoredEvent& e)
{
    // UTF-8 copies that must outlive step(): SQLite binds them without copying.
    QByteArray key;
    const QByteArray remote = e.remote.toUtf8();
    const QByteArray headers = StoredEvent::encodeHeaders(e.headers);
    const QByteArray problems = encodeProblems(e.problems);
    const QByteArray contentType = NdjsonRecord::bytesAsText(e.contentType).toUtf8();
    QByteArray event, channel, action, environment, message, resourceId;
    m_insert.bindTextOrNull(15, e.idempotencyKey, key);
    e.duplicateOf = key.isEmpty() ? 0 : firstWithKey(key);
    m_insert.bindInt(1, e.receivedAtMs);
    m_insert.bindText(2, e.method);
    m_insert.bindBlob(3, e.target);
    m_insert.bindBlob(4, e.path);
    m_insert.bindText(5, e.httpVersion);
    m_insert.bindText(6, remote);
    m_insert.bindBlob(7, headers);
    m_insert.bindBlob(8, e.body);
    m_insert.bindInt(9, e.body.size());
    if (e.contentType.isNull()) {
        m_insert.bindNull(10);
    } else {
        m_insert.bindText(10, contentType);
    }
    m_insert.bindTextOrNull(11, e.event, event);
    m_insert.bindTextOrNull(12, e.channel, channel);
    m_insert.bindTextOrNull(13, e.action, action);
    m_insert.bindTextOrNull(14, e.environment, environment);
    m_insert.bindTextOrNull(16, e.message, message);
    if (e.duplicateOf > 0) {
        m_insert.bindInt(17, e.duplicateOf);
    } else {
        m_insert.bindNull(17);
    }
    m_insert.bindText(18, problems);
    m_insert.bindInt(19, e.responseStatus);
    m_insert.bindTextOrNull(20, e.resourceId, resourceId);
    if (!m_insert.step()) {
        setError(QStringLiteral("cannot store event"), m_insert);
        m_insert.reset();
        return false;
    }
    m_insert.reset();
    e.id = m_insert.lastInsertRowId();
    return true;
}

bool EventStore::indexText(qint64 maxBytes, bool atLeastOne, bool* complete)
{
    // The next events past the index's end, as many as the budget holds. Rows are capped too (as
    // if each event held 64 bytes at least), so that many empty events cannot make one long walk.
    const qint64 maxRows = maxBytes / 64 + 1;
    m_textPending.bindInt(1, maxRows);
    qint64 upTo = 0;
    qint64 bytes = 0;
    qint64 rows = 0;
    bool hasRow = false;
    bool ok = true;
    while ((ok = m_textPending.step(&hasRow)) && hasRow) {
        const qint64 size = m_textPending.columnInt(1);
        if (bytes + size > maxBytes && (rows > 0 || !atLeastOne)) {
            break;
        }
        upTo = m_textPending.columnInt(0);
        bytes += size;
        ++rows;
    }
    // Complete when the walk ran out of events, not out of budget or rows.
    const bool drained = ok && !hasRow && rows < maxRows;
    if (!ok) {
        setError(QStringLiteral("cannot read the events to index"), m_textPending);
    }
    m_textPending.reset();
    if (!ok) {
        return false;
    }
    if (upTo > 0) {
        // A savepoint, so that a failure leaves the capture's own inserts in the transaction.
        m_textMark.bindInt(1, upTo);
        m_textInsert.bindInt(1, upTo);
        if (!run(m_textSavepoint, QStringLiteral("cannot index text"))) {
            return false;
        }
        if (!run(m_textInsert, QStringLiteral("cannot index text"))
            || !run(m_textMark, QStringLiteral("cannot index text"))) {
            m_textRollback.step();
            m_textRollback.reset();
            m_textRelease.step();
            m_textRelease.reset();
            return false;
        }
        if (!run(m_textRelease, QStringLiteral("cannot index text"))) {
            return false;
        }
    }
    if (complete) {
        *complete = drained;
    }
    return true;
}

bool EventStore::catchUpTextIndex(qint64 maxBytes, bool* complete)
{
    if (!exec(QStringLiteral("PRAGMA synchronous=NORMAL"))) {
        return false;
    }
    bool ok = begin();
    ok = ok && indexText(maxBytes, true, complete);
    ok = ok && commit();
    if (!ok) {
        rollback();
    }
    // Back to what every capture commit needs, whatever happened above.
    return exec(QStringLiteral("PRAGMA synchronous=FULL")) && ok;
}

qint64 EventStore::textIndexedUpTo()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT indexed_up_to FROM events_text_state")) || !q.next()) {
        setError(QStringLiteral("cannot read the text index's state"), q.lastError());
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 EventStore::count(const EventFilter& filter)
{
    const EventFilter::Sql sql = filter.toSql();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT count(*) FROM events WHERE %1").arg(sql.where))) {
        setError(QStringLiteral("cannot count events"), q.lastError());
        return -1;
    }
    for (const QVariant& value : sql.values) {
        q.addBindValue(value);
    }
    if (!q.exec() || !q.next()) {
        setError(QStringLiteral("cannot count events"), q.lastError());
        return -1;
    }
    return q.value(0).toLongLong();
}

bool EventStore::forEach(
    const EventFilter& filter, const std::function<bool(const StoredEvent&)>& visit, qint64 afterId)
{
    const EventFilter::Sql sql = filter.toSql(afterId);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM events WHERE %2 AND id > ? ORDER BY id")
                       .arg(QLatin1String(s_eventColumns), sql.where))) {
        return setError(QStringLiteral("cannot read events"), q.lastError());
    }
    for (const QVariant& value : sql.values) {
        q.addBindValue(value);
    }
    q.addBindValue(afterId);
    if (!q.exec()) {
        return setError(QStringLiteral("cannot read events"), q.lastError());
    }
    StoredEvent e;
    while (q.next()) {
        readEvent(q, e);
        if (!visit(e)) {
            break;
        }
    }
    return q.lastError().type() == QSqlError::NoError || setError(QStringLiteral("cannot read events"), q.lastError());
}

bool EventStore::tally(Tally& tally, qint64 afterId)
{
    // Without an id bound, count(*) and the partial duplicate_of index avoid reading the table's rows;
    // with one, the rowid range keeps the count to the new events.
    const QString range = afterId > 0 ? QStringLiteral(" WHERE id > ?") : QString();
    const QString duplicates = afterId > 0 ? QStringLiteral(" AND id > ?") : QString();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT (SELECT count(*) FROM events%1),"
                                  " (SELECT count(*) FROM events WHERE duplicate_of IS NOT NULL%2),"
                                  " (SELECT max(id) FROM events)")
                       .arg(range, duplicates))) {
        return setError(QStringLiteral("cannot count events"), q.lastError());
    }
    if (afterId > 0) {
        q.addBindValue(afterId);
        q.addBindValue(afterId);
    }
    if (!q.exec() || !q.next()) {
        return setError(QStringLiteral("cannot count events"), q.lastError());
    }
    tally.events = q.value(0).toLongLong();
    tally.duplicates = q.value(1).toLongLong();
    tally.lastId = q.value(2).toLongLong();
    return true;
}

bool EventStore::selectIds(const QString& sql, const QVariantList& values, const QString& what, QList<qint64>* found)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        return setError(what, q.lastError());
    }
    for (const QVariant& value : values) {
        q.addBindValue(value);
    }
    if (!q.exec()) {
        return setError(what, q.lastError());
    }
    while (q.next()) {
        found->append(q.value(0).toLongLong());
    }
    return q.lastError().type() == QSqlError::NoError || setError(what, q.lastError());
}

bool EventStore::timeRangeIds(const EventFilter& filter, qint64* lowest, qint64* highest)
{
    // SQLite 3.40 can't tell how narrow a range of bound values is, so for ORDER BY id DESC it
    // walks the rowids down from the newest: a range at the start of a million events is reached
    // after reading nearly all of them (1.2 s). The ids at the ends of the range bound that walk.
    const qint64 until = filter.until != 0 ? filter.until : std::numeric_limits<qint64>::max();
    const auto inRange = [&filter, until](qint64 at) { return at >= filter.since && at < until; };
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // The first and the last row by id, two seeks: when the range holds one, that end is known.
    if (!q.exec(QStringLiteral("SELECT id, received_at FROM (SELECT id, received_at FROM events ORDER BY id LIMIT 1)"
                               " UNION ALL SELECT id, received_at FROM (SELECT id, received_at FROM events"
                               " ORDER BY id DESC LIMIT 1)"))) {
        return setError(QStringLiteral("cannot list events"), q.lastError());
    }
    qint64 ends[2][2] = {{0, 0}, {0, 0}};
    int rows = 0;
    for (; rows < 2 && q.next(); ++rows) {
        ends[rows][0] = q.value(0).toLongLong();
        ends[rows][1] = q.value(1).toLongLong();
    }
    if (q.lastError().type() != QSqlError::NoError) {
        return setError(QStringLiteral("cannot list events"), q.lastError());
    }
    if (rows < 2) {
        *lowest = 1; // an empty history: no id is both above 0 and at most 0
        *highest = 0;
        return true;
    }
    const bool lowestKnown = inRange(ends[0][1]);
    const bool highestKnown = inRange(ends[1][1]);
    *lowest = ends[0][0];
    *highest = ends[1][0];
    if (lowestKnown && highestKnown) {
        return true; // the whole history's span: nothing to read
    }
    // Otherwise from the received_at index alone: a covering scan of the range's own entries
    // (102 ms for 1.3 million, 2 ms for a day of them).
    q.finish();
    if (!q.prepare(QStringLiteral("SELECT min(id), max(id) FROM events INDEXED BY events_received_at"
                                  " WHERE received_at >= ? AND received_at < ?"))) {
        return setError(QStringLiteral("cannot list events"), q.lastError());
    }
    q.addBindValue(filter.since);
    q.addBindValue(until);
    if (!q.exec() || !q.next()) {
        return setError(QStringLiteral("cannot list events"), q.lastError());
    }
    if (q.value(0).isNull()) {
        *lowest = 1; // nothing received in the range
        *highest = 0;
        return true;
    }
    if (!lowestKnown) {
        *lowest = q.value(0).toLongLong();
    }
    if (!highestKnown) {
        *highest = q.value(1).toLongLong();
    }
    return true;
}

QList<qint64> EventStore::ids(const EventFilter& filter, qint64 afterId, bool* ok, int limit)
{
    qint64 lowest = 1;
    qint64 highest = std::numeric_limits<qint64>::max();
    // Only for a whole list: the arrivals after @p afterId are few, and the window asks for them on
    // every tick while events stream in, where a scan of the range's index would cost each time.
    const bool timeRange = filter.since != 0 || filter.until != 0;
    if (timeRange && afterId == 0 && !timeRangeIds(filter, &lowest, &highest)) {
        if (ok) {
            *ok = false;
        }
        return {};
    }
    if (limit > 0 && !TextIndex::matchExpression(filter.text).isNull()) {
        return newestWithText(filter, qMax(afterId, lowest - 1), highest, ok, limit);
    }
    const EventFilter::Sql sql = filter.toSql(afterId);
    // Unfiltered, the ids come from the smallest index that holds them (received_at's: rowids in
    // near-id order) and are sorted here: walking the table instead reads every row's body, 10x
    // slower on a million events (26 ms against 250 ms warm, far worse from a cold disk). New
    // events (afterId set) come from the rowid range, which the index could not narrow.
    // A limited list walks the rowids down from the newest and stops after @p limit matches.
    const bool everything = filter.isEmpty() && afterId == 0 && limit <= 0;
    QString select = everything
        ? QStringLiteral("SELECT id FROM events INDEXED BY events_received_at WHERE id > ?")
        : QStringLiteral("SELECT id FROM events WHERE id > ? AND id <= ? AND %1 ORDER BY id DESC").arg(sql.where);
    QVariantList values
        = everything ? QVariantList {afterId} : QVariantList {qMax(afterId, lowest - 1), highest} + sql.values;
    if (limit > 0) {
        select += QStringLiteral(" LIMIT ?");
        values.append(limit);
    }
    QList<qint64> found;
    const bool read = selectIds(select, values, QStringLiteral("cannot list events"), &found);
    if (ok) {
        *ok = read;
    }
    if (!read) {
        return {};
    }
    if (everything) {
        std::sort(found.begin(), found.end(), std::greater<qint64>());
    }
    return found;
}

QList<qint64> EventStore::newestWithText(const EventFilter& filter, qint64 afterId, qint64 highest, bool* ok, int limit)
{
    // Through the text index SQLite lists every candidate before it reads one row: for a common
    // word (~700,000 of 1,000,000 events) ~130 ms before the first id. So the newest come from a
    // window of ids below the newest, four times wider each round, until it holds @p limit of them
    // or reaches @p afterId; each round reads the index only above the window's bottom.
    QList<qint64> found;
    QList<qint64> newest;
    bool read
        = selectIds(QStringLiteral("SELECT max(id) FROM events"), {}, QStringLiteral("cannot list events"), &newest);
    qint64 top = read && !newest.isEmpty() ? qMin(newest.constFirst(), highest) : 0;
    for (qint64 window = 4096; read && top > afterId && found.size() < limit; window *= 4) {
        const qint64 bottom = qMax(afterId, top - window);
        const EventFilter::Sql sql = filter.toSql(bottom);
        read
            = selectIds(QStringLiteral("SELECT id FROM events WHERE id > ? AND id <= ? AND %1 ORDER BY id DESC LIMIT ?")
                            .arg(sql.where),
                QVariantList {bottom, top} + sql.values + QVariantList {limit - found.size()},
                QStringLiteral("cannot list events"), &found);
        top = bottom;
    }
    if (ok) {
        *ok = read;
    }
    return read ? found : QList<qint64>();
}

QList<EventSummary> EventStore::summaries(const QList<qint64>& ids)
{
    QHash<qint64, EventSummary> byId;
    for (qsizetype from = 0; from < ids.size(); from += MaxInList) {
        const QList<qint64> chunk = ids.mid(from, MaxInList);
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        // length(body) is answered from the record header, without reading the body. The conflict
        // test compares bodies in SQLite so that they never travel to the caller; it reads the
        // bodies of retries only.
        if (!q.prepare(QStringLiteral(
                "SELECT id, received_at, method, path, event, environment, idempotency_key, length(body),"
                " response_status, duplicate_of, problems != '',"
                " CASE WHEN duplicate_of IS NULL THEN 0"
                "  ELSE coalesce(body != (SELECT f.body FROM events f WHERE f.id = e.duplicate_of), 0)"
                " END,"
                " CASE WHEN duplicate_of IS NULL AND idempotency_key IS NOT NULL"
                "  THEN (SELECT count(*) FROM events d WHERE d.duplicate_of = e.id) ELSE 0 END"
                " FROM events e WHERE id IN (%1)")
                           .arg(placeholders(chunk.size())))) {
            setError(QStringLiteral("cannot read events"), q.lastError());
            return {};
        }
        for (const qint64 id : chunk) {
            q.addBindValue(id);
        }
        if (!q.exec()) {
            setError(QStringLiteral("cannot read events"), q.lastError());
            return {};
        }
        while (q.next()) {
            EventSummary s;
            s.id = q.value(0).toLongLong();
            s.receivedAtMs = q.value(1).toLongLong();
            s.method = q.value(2).toString().toLatin1();
            s.path = q.value(3).toByteArray();
            s.event = q.value(4).toString();
            s.environment = q.value(5).toString();
            s.idempotencyKey = q.value(6).toString();
            s.bodySize = q.value(7).toLongLong();
            s.responseStatus = q.value(8).toInt();
            s.duplicateOf = q.value(9).toLongLong();
            s.hasProblems = q.value(10).toBool();
            s.conflict = q.value(11).toBool();
            const int retries = q.value(12).toInt();
            s.copies = retries > 0 ? retries + 1 : 0;
            byId.insert(s.id, s);
        }
        if (q.lastError().type() != QSqlError::NoError) {
            setError(QStringLiteral("cannot read events"), q.lastError());
            return {};
        }
    }
    QList<EventSummary> ordered;
    ordered.reserve(byId.size());
    for (const qint64 id : ids) {
        const auto it = byId.constFind(id);
        if (it != byId.constEnd()) {
            ordered.append(*it);
        }
    }
    return ordered;
}

StoredEvent EventStore::event(qint64 id)
{
    StoredEvent e;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM events WHERE id = ?").arg(QLatin1String(s_eventColumns)))) {
        setError(QStringLiteral("cannot read event"), q.lastError());
        return e;
    }
    q.addBindValue(id);
    if (!q.exec()) {
        setError(QStringLiteral("cannot read event"), q.lastError());
        return e;
    }
    if (q.next()) {
        readEvent(q, e);
    }
    return e;
}

QList<qint64> EventStore::copies(qint64 id)
{
    // Through the key index; an event without a key shares it with nobody (NULL = NULL is not true).
    QList<qint64> found;
    selectIds(QStringLiteral("SELECT id FROM events WHERE idempotency_key ="
                             " (SELECT idempotency_key FROM events WHERE id = ?) ORDER BY id"),
        {id}, QStringLiteral("cannot read copies"), &found);
    return found;
}

namespace {

/// The columns readDelivery() reads, in its order.
const char* const s_deliveryColumns = "id, event_id, target, method, idempotency_key, sent_at, latency_ms, status,"
                                      " reason, response_headers, response_body, response_truncated, error";

Delivery readDelivery(const QSqlQuery& q)
{
    Delivery d;
    d.id = q.value(0).toLongLong();
    d.eventId = q.value(1).toLongLong();
    d.target = q.value(2).toString();
    d.method = q.value(3).toString().toLatin1();
    d.idempotencyKey = q.value(4).toString();
    d.sentAtMs = q.value(5).toLongLong();
    d.latencyMs = q.value(6).toLongLong();
    d.status = q.value(7).toInt();
    d.reason = q.value(8).toByteArray();
    d.responseHeaders = StoredEvent::decodeHeaders(q.value(9).toByteArray());
    d.responseBody = q.value(10).toByteArray();
    d.responseTruncated = q.value(11).toBool();
    d.error = q.value(12).toString();
    return d;
}

} // namespace

bool EventStore::addDelivery(Delivery& delivery)
{
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("INSERT INTO deliveries (event_id, target, method, idempotency_key, sent_at,"
                                  " latency_ms, status, reason, response_headers, response_body,"
                                  " response_truncated, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"))) {
        return setError(QStringLiteral("cannot store the delivery"), q.lastError());
    }
    // A null QString or QByteArray binds as NULL; these columns hold "" for nothing.
    const auto text = [](const QString& value) { return value.isNull() ? QStringLiteral("") : value; };
    const auto bytes = [](const QByteArray& value) { return value.isNull() ? QByteArray("") : value; };
    q.addBindValue(delivery.eventId);
    q.addBindValue(text(delivery.target));
    q.addBindValue(text(QString::fromLatin1(delivery.method)));
    q.addBindValue(delivery.idempotencyKey.isNull() ? QVariant() : QVariant(delivery.idempotencyKey));
    q.addBindValue(delivery.sentAtMs);
    q.addBindValue(delivery.latencyMs);
    q.addBindValue(delivery.status);
    q.addBindValue(bytes(delivery.reason));
    q.addBindValue(bytes(StoredEvent::encodeHeaders(delivery.responseHeaders)));
    q.addBindValue(bytes(delivery.responseBody.left(Delivery::MaxResponseBody)));
    q.addBindValue(delivery.responseTruncated || delivery.responseBody.size() > Delivery::MaxResponseBody);
    q.addBindValue(text(delivery.error));
    if (!q.exec()) {
        return setError(QStringLiteral("cannot store the delivery"), q.lastError());
    }
    delivery.id = q.lastInsertId().toLongLong();
    return true;
}

QList<Delivery> EventStore::deliveries(qint64 eventId, int limit)
{
    return readDeliveries(
        QStringLiteral("SELECT %1 FROM deliveries WHERE event_id = ? ORDER BY id DESC LIMIT ?"), {eventId, limit});
}

QList<Delivery> EventStore::recentDeliveries(int limit, qint64 afterId)
{
    return readDeliveries(
        QStringLiteral("SELECT %1 FROM deliveries WHERE id > ? ORDER BY id DESC LIMIT ?"), {afterId, limit});
}

QList<Delivery> EventStore::readDeliveries(const QString& sql, const QVariantList& values)
{
    QList<Delivery> found;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql.arg(QLatin1String(s_deliveryColumns)))) {
        setError(QStringLiteral("cannot read deliveries"), q.lastError());
        return found;
    }
    for (const QVariant& value : values) {
        q.addBindValue(value);
    }
    if (!q.exec()) {
        setError(QStringLiteral("cannot read deliveries"), q.lastError());
        return found;
    }
    while (q.next()) {
        found.append(readDelivery(q));
    }
    return found;
}

QList<qint64> EventStore::resourceHistory(qint64 id)
{
    // Through events_channel (channel, resource_id, ...); no resource id, no history (NULL = NULL
    // is not true).
    QList<qint64> found;
    selectIds(QStringLiteral("SELECT e.id FROM events e, events r WHERE r.id = ?"
                             " AND e.channel = r.channel AND e.resource_id = r.resource_id ORDER BY e.id"),
        {id}, QStringLiteral("cannot read the resource's history"), &found);
    return found;
}

QHash<qint64, int> EventStore::copyCounts(const QList<qint64>& firstIds)
{
    QHash<qint64, int> counts;
    for (const qint64 id : firstIds) {
        counts.insert(id, 1);
    }
    for (qsizetype from = 0; from < firstIds.size(); from += MaxInList) {
        const QList<qint64> chunk = firstIds.mid(from, MaxInList);
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.prepare(QStringLiteral("SELECT duplicate_of, count(*) FROM events WHERE duplicate_of IN (%1)"
                                      " GROUP BY duplicate_of")
                           .arg(placeholders(chunk.size())))) {
            setError(QStringLiteral("cannot count copies"), q.lastError());
            return counts;
        }
        for (const qint64 id : chunk) {
            q.addBindValue(id);
        }
        if (!q.exec()) {
            setError(QStringLiteral("cannot count copies"), q.lastError());
            return counts;
        }
        while (q.next()) {
            counts.insert(q.value(0).toLongLong(), q.value(1).toInt() + 1);
        }
    }
    return counts;
}

QList<qint64> EventStore::retriedAfter(qint64 afterId)
{
    QList<qint64> found;
    selectIds(QStringLiteral("SELECT DISTINCT duplicate_of FROM events WHERE id > ? AND duplicate_of IS NOT NULL"),
        {afterId}, QStringLiteral("cannot read retries"), &found);
    return found;
}

QList<TimelineBucket> EventStore::timeline(
    const EventFilter& filter, qint64 from, qint64 to, int buckets, qint64 afterId)
{
    if (to <= from || buckets <= 0) {
        return {};
    }
    EventFilter unbounded = filter;
    unbounded.since = 0;
    unbounded.until = 0;
    const EventFilter::Sql sql = unbounded.toSql(afterId);
    const qint64 span = to - from;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // The slice is integer arithmetic in SQLite: (received_at - from) * N / (to - from) stays far
    // inside 64 bits for any history (centuries in ms times thousands of slices). The whole
    // history walks every row (~720 ms for 1,000,000 events: the columns sit past the bodies), so
    // the window counts it once and then only the new ids: with an id bound, '+' keeps SQLite on
    // the rowid range instead of the received_at index.
    const QString time = afterId > 0 ? QStringLiteral("+received_at") : QStringLiteral("received_at");
    if (!q.prepare(QStringLiteral("SELECT (received_at - ?) * ? / ? AS slice,"
                                  " sum(environment = 'production'), sum(environment = 'staging'),"
                                  " sum(environment IS NULL OR environment NOT IN ('production', 'staging')),"
                                  " sum(duplicate_of IS NOT NULL), sum(problems != ''), max(id)"
                                  " FROM events WHERE %1 >= ? AND %1 < ? AND id > ? AND %2"
                                  " GROUP BY slice")
                       .arg(time, sql.where))) {
        setError(QStringLiteral("cannot read the timeline"), q.lastError());
        return {};
    }
    q.addBindValue(from);
    q.addBindValue(buckets);
    q.addBindValue(span);
    q.addBindValue(from);
    q.addBindValue(to);
    q.addBindValue(afterId);
    for (const QVariant& value : sql.values) {
        q.addBindValue(value);
    }
    if (!q.exec()) {
        setError(QStringLiteral("cannot read the timeline"), q.lastError());
        return {};
    }
    QList<TimelineBucket> slices(buckets);
    // Slice i holds received_at - from >= i * span / N, so it starts at that quotient rounded up.
    for (int i = 0; i < buckets; ++i) {
        slices[i].from = from + (span * i + buckets - 1) / buckets;
        slices[i].to = i + 1 == buckets ? to : from + (span * (i + 1) + buckets - 1) / buckets;
    }
    while (q.next()) {
        const qint64 slice = q.value(0).toLongLong();
        if (slice < 0 || slice >= buckets) {
            continue;
        }
        TimelineBucket& b = slices[slice];
        b.production = q.value(1).toLongLong();
        b.staging = q.value(2).toLongLong();
        b.other = q.value(3).toLongLong();
        b.duplicates = q.value(4).toLongLong();
        b.problems = q.value(5).toLongLong();
        b.lastId = q.value(6).toLongLong();
    }
    if (q.lastError().type() != QSqlError::NoError) {
        setError(QStringLiteral("cannot read the timeline"), q.lastError());
        return {};
    }
    return slices;
}

bool EventStore::timeSpan(const EventFilter& filter, qint64& oldest, qint64& newest, qint64 afterId)
{
    oldest = 0;
    newest = 0;
    EventFilter unbounded = filter;
    unbounded.since = 0;
    unbounded.until = 0;
    const EventFilter::Sql sql = unbounded.toSql(afterId);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // With an id bound, both come from the rowid range. Without, each from its own end of the
    // received_at index: one min() or max() per SELECT, or SQLite walks the whole index (45 ms
    // for 1,000,000 events against 0).
    const QString select = afterId > 0
        ? QStringLiteral("SELECT min(+received_at), max(+received_at) FROM events WHERE id > ? AND %1")
        : QStringLiteral("SELECT (SELECT min(received_at) FROM events WHERE %1),"
                         " (SELECT max(received_at) FROM events WHERE %1)");
    if (!q.prepare(select.arg(sql.where))) {
        return setError(QStringLiteral("cannot read the time span"), q.lastError());
    }
    if (afterId > 0) {
        q.addBindValue(afterId);
    }
    for (int pass = afterId > 0 ? 1 : 2; pass > 0; --pass) {
        for (const QVariant& value : sql.values) {
            q.addBindValue(value);
        }
    }
    if (!q.exec() || !q.next()) {
        return setError(QStringLiteral("cannot read the time span"), q.lastError());
    }
    oldest = q.value(0).toLongLong();
    newest = q.value(1).toLongLong();
    return true;
}

bool EventStore::remove(const QList<qint64>& ids)
{
    if (ids.isEmpty()) {
        return true;
    }
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        return false;
    }
    for (qsizetype from = 0; from < ids.size(); from += MaxInList) {
        const QList<qint64> chunk = ids.mid(from, MaxInList);
        QSqlQuery erase(m_db);
        QSqlQuery repoint(m_db);
        // The retries of a deleted first copy point at the oldest remaining copy of their key (the
        // copies share the key by construction); that copy points at itself, so NULLIF makes it the
        // first. Chunk by chunk is enough: a later chunk re-points what an earlier one made first.
        QSqlQuery attempts(m_db);
        if (!attempts.prepare(
                QStringLiteral("DELETE FROM deliveries WHERE event_id IN (%1)").arg(placeholders(chunk.size())))) {
            setError(QStringLiteral("cannot delete events"), attempts.lastError());
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        for (const qint64 id : chunk) {
            attempts.addBindValue(id);
        }
        if (!attempts.exec()) {
            setError(QStringLiteral("cannot delete events"), attempts.lastError());
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        if (!unindexText(chunk)) {
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        if (!erase.prepare(QStringLiteral("DELETE FROM events WHERE id IN (%1)").arg(placeholders(chunk.size())))
            || !repoint.prepare(QStringLiteral("UPDATE events SET duplicate_of = NULLIF((SELECT min(f.id) FROM events f"
                                               " WHERE f.idempotency_key = events.idempotency_key), id)"
                                               " WHERE duplicate_of IN (%1)")
                                    .arg(placeholders(chunk.size())))) {
            setError(QStringLiteral("cannot delete events"),
                erase.lastError().isValid() ? erase.lastError() : repoint.lastError());
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        for (const qint64 id : chunk) {
            erase.addBindValue(id);
            repoint.addBindValue(id);
        }
        if (!erase.exec() || !repoint.exec()) {
            setError(QStringLiteral("cannot delete events"),
                erase.lastError().isValid() ? erase.lastError() : repoint.lastError());
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    // SQLite gives the next event max(id) + 1: ids above the newest one left may be given out again,
    // so the index's end comes down to it (what it held above was taken out with its events).
    if (!exec(QStringLiteral("UPDATE events_text_state SET indexed_up_to ="
                             " min(indexed_up_to, coalesce((SELECT max(id) FROM events), 0))"))
        || !exec(QStringLiteral("COMMIT"))) {
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

bool EventStore::unindexText(const QList<qint64>& ids)
{
    // FTS5 takes a document out by its indexed text (detail=none keeps no list of its trigrams): the
    // same searchable text that indexText() gave it, for the events it holds and no other.
    QSqlQuery q(m_db);
    if (!q.prepare(
            QStringLiteral("INSERT INTO events_text (events_text, rowid, body, headers)"
                           " SELECT 'delete', id, hookscope_searchable(body), hookscope_searchable(headers)"
                           " FROM events WHERE id IN (%1) AND id <= (SELECT indexed_up_to FROM events_text_state)")
                .arg(placeholders(ids.size())))) {
        return setError(QStringLiteral("cannot delete events"), q.lastError());
    }
    for (const qint64 id : ids) {
        q.addBindValue(id);
    }
    return q.exec() || setError(QStringLiteral("cannot delete events"), q.lastError());
}

bool EventStore::clear()
{
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        return false;
    }
    if (!exec(QStringLiteral("DELETE FROM deliveries")) || !exec(QStringLiteral("DELETE FROM events"))
        || !exec(QStringLiteral("INSERT INTO events_text (events_text) VALUES ('delete-all')"))
        || !exec(QStringLiteral("UPDATE events_text_state SET indexed_up_to = 0")) || !exec(QStringLiteral("COMMIT"))) {
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

QList<qint64> EventStore::expiredIds(qint64 keepNewest, qint64 receivedBefore, int limit, bool* ok)
{
    const QString what = QStringLiteral("cannot find the events to delete");
    QList<qint64> found;
    bool read = true;
    if (receivedBefore > 0) {
        // A range of the time index: one probe when nothing is that old.
        read = selectIds(QStringLiteral("SELECT id FROM events INDEXED BY events_received_at"
                                        " WHERE received_at < ? LIMIT ?"),
            {receivedBefore, limit}, what, &found);
    }
    if (read && keepNewest > 0) {
        // A bare count(*) reads the smallest index; the oldest ids are the first rows of the table.
        QList<qint64> total;
        read = selectIds(QStringLiteral("SELECT count(*) FROM events"), {}, what, &total) && !total.isEmpty();
        const qint64 excess = read ? total.constFirst() - keepNewest : 0;
        if (excess > 0) {
            read = selectIds(QStringLiteral("SELECT id FROM events ORDER BY id LIMIT ?"),
                {std::min<qint64>(excess, limit)}, what, &found);
        }
    }
    if (ok) {
        *ok = read;
    }
    if (!read) {
        return {};
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found.mid(0, limit);
}

QHash<QString, qint64> EventStore::channelCounts(bool* ok)
{
    if (ok) {
        *ok = false;
    }
    QHash<QString, qint64> counts;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Grouped along the events_channel index (channel first), so SQLite walks the index, not the
    // rows with their bodies.
    if (!q.exec(QStringLiteral("SELECT channel, count(*) FROM events GROUP BY channel"))) {
        setError(QStringLiteral("cannot count the channels"), q.lastError());
        return {};
    }
    while (q.next()) {
        // NULL (no envelope, or no usable event) reads as "", the filter's "no channel".
        counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    if (q.lastError().type() != QSqlError::NoError) {
        setError(QStringLiteral("cannot count the channels"), q.lastError());
        return {};
    }
    if (ok) {
        *ok = true;
    }
    return counts;
}

QList<CatalogCount> EventStore::catalogCounts(qint64 afterId, bool* ok)
{
    if (ok) {
        *ok = false;
    }
    const QString what = QStringLiteral("cannot count the channel events");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // One walk of the rows in id order (environment and received_at are in no index with the
    // channel); the window counts the whole history once, then only the new ids. NOT INDEXED: through
    // events_channel SQLite fetches every row by its id, out of order (on 1,000,000 events, a shared
    // machine: 6.5-7.3 s against 2.5-4.1 s for the walk; tests/bench/README.md).
    if (!q.prepare(QStringLiteral("SELECT channel, action, environment, count(*), max(received_at), max(id)"
                                  " FROM events NOT INDEXED WHERE id > ? AND channel IS NOT NULL GROUP BY 1, 2, 3"))) {
        setError(what, q.lastError());
        return {};
    }
    q.addBindValue(afterId);
    if (!q.exec()) {
        setError(what, q.lastError());
        return {};
    }
    QList<CatalogCount> counts;
    while (q.next()) {
        CatalogCount c;
        c.channel = q.value(0).toString();
        c.action = q.value(1).toString();
        c.environment = q.value(2).isNull() ? QStringLiteral("") : q.value(2).toString();
        c.count = q.value(3).toLongLong();
        c.lastSeenMs = q.value(4).toLongLong();
        c.lastId = q.value(5).toLongLong();
        counts.append(c);
    }
    if (q.lastError().type() != QSqlError::NoError) {
        setError(what, q.lastError());
        return {};
    }
    if (ok) {
        *ok = true;
    }
    return counts;
}

QList<QByteArray> EventStore::recentBodies(const QString& channel, const QString& action, int limit, bool* ok)
{
    if (ok) {
        *ok = false;
    }
    const QString what = QStringLiteral("cannot read the channel event's bodies");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(
            QStringLiteral("SELECT body FROM events WHERE channel = ? AND action = ? ORDER BY id DESC LIMIT ?"))) {
        setError(what, q.lastError());
        return {};
    }
    q.addBindValue(channel);
    q.addBindValue(action);
    q.addBindValue(limit);
    if (!q.exec()) {
        setError(what, q.lastError());
        return {};
    }
    QList<QByteArray> bodies;
    while (q.next()) {
        bodies.append(q.value(0).toByteArray());
    }
    if (q.lastError().type() != QSqlError::NoError) {
        setError(what, q.lastError());
        return {};
    }
    if (ok) {
        *ok = true;
    }
    return bodies;
}

QList<LearnedShape> EventStore::dataShapes(bool* ok)
{
    if (ok) {
        *ok = false;
    }
    const QString what = QStringLiteral("cannot read the learned data shapes");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT channel, action, events, fields, updated_at FROM data_shapes"))) {
        setError(what, q.lastError());
        return {};
    }
    QList<LearnedShape> shapes;
    while (q.next()) {
        LearnedShape shape;
        shape.channel = q.value(0).toString();
        shape.action = q.value(1).toString();
        shape.events = q.value(2).toLongLong();
        shape.updatedAtMs = q.value(4).toLongLong();
        // A row this Hookscope can't read is left out: its channel event is learned again.
        if (shape.readFieldsJson(q.value(3).toString().toUtf8())) {
            shapes.append(shape);
        }
    }
    if (q.lastError().type() != QSqlError::NoError) {
        setError(what, q.lastError());
        return {};
    }
    if (ok) {
        *ok = true;
    }
    return shapes;
}

bool EventStore::saveDataShapes(const QList<LearnedShape>& shapes)
{
    if (shapes.isEmpty()) {
        return true;
    }
    const QString what = QStringLiteral("cannot save the learned data shapes");
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        return false;
    }
    QSqlQuery save(m_db);
    QSqlQuery drop(m_db);
    if (!save.prepare(QStringLiteral("INSERT OR REPLACE INTO data_shapes (channel, action, events, fields, updated_at)"
                                     " VALUES (?, ?, ?, ?, ?)"))
        || !drop.prepare(QStringLiteral("DELETE FROM data_shapes WHERE channel = ? AND action = ?"))) {
        setError(what, save.lastError().isValid() ? save.lastError() : drop.lastError());
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    for (const LearnedShape& shape : shapes) {
        QSqlQuery& q = shape.events > 0 ? save : drop;
        q.addBindValue(shape.channel);
        q.addBindValue(shape.action);
        if (shape.events > 0) {
            q.addBindValue(shape.events);
            q.addBindValue(QString::fromUtf8(shape.fieldsJson()));
            q.addBindValue(shape.updatedAtMs);
        }
        if (!q.exec()) {
            setError(what, q.lastError());
            exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    if (!exec(QStringLiteral("COMMIT"))) {
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}
