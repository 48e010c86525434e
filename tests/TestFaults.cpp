#include "ChildRun.h"
#include "ChildServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QtTest>

#include <csignal>
#include <grp.h>
#include <memory>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int AnswerMs = 10000;
constexpr rlim_t FileSizeLimit = 1024 * 1024;

/// Rows of refusesAnUnusableHistory: what is wrong with the file.
enum class Fault { DamagedHeader, DamagedSchema, Truncated, GarbageAtTheEnd, ZeroedPages, Locked, ReadOnly };

/// The result of a query on a connection of its own, read-only; rows joined by newlines, or the error.
QString query(const QString& path, const QString& sql)
{
    const QString name = QUuid::createUuid().toString();
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            result = QStringLiteral("cannot open: ") + db.lastError().text();
        } else {
            QSqlQuery q(db);
            QStringList rows;
            if (!q.exec(sql)) {
                rows.append(QStringLiteral("error: ") + q.lastError().text());
            }
            while (q.next()) {
                rows.append(q.value(0).toString());
            }
            result = rows.join(QLatin1Char('\n'));
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QSet<QString> storedKeys(const QString& path)
{
    const QStringList keys = query(path, QStringLiteral("SELECT idempotency_key FROM events")).split(QLatin1Char('\n'));
    return QSet<QString>(keys.cbegin(), keys.cend());
}

QByteArray sha256(const QString& path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result().toHex() : QByteArray();
}

/// A provider webhook with idempotency key @p key and @p padding bytes of extra data.
QByteArray webhook(const QByteArray& key, int padding = 0)
{
    QByteArray body = providerWebhook("business_loans.deleted", key);
    if (padding > 0) {
        body.insert(body.lastIndexOf('}'), ",\"padding\":\"" + QByteArray(padding, 'p') + '"');
    }
    return body;
}

/// One POST on a connection of its own: the status, -1 when no answer came.
int post(quint16 port, const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(port)) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    return client.readResponse(AnswerMs).status;
}

/// Starts `hookscope serve` (or another capturing command) as @p child and returns its port, 0 when it
/// printed no "listening on" line.
quint16 startServe(QProcess& child, const QStringList& arguments, const QString& home)
{
    child.setProcessEnvironment(ChildRun::environment(home));
    child.setProgram(QStringLiteral(HOOKSCOPE_BINARY));
    child.setArguments(arguments);
    child.start();
    if (!child.waitForStarted(AnswerMs)) {
        return 0;
    }
    const QDeadlineTimer deadline(AnswerMs);
    while (
        !child.canReadLine() && child.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) { }
    static const QRegularExpression listening(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)/\\n$"));
    return listening.match(QString::fromUtf8(child.readLine())).captured(1).toUShort();
}

QStringList serveArguments(const QString& db)
{
    return {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db};
}

/// A small tmpfs mounted at a folder of its own, unmounted when it goes; null when mounting is not
/// allowed here (it needs root with CAP_SYS_ADMIN).
class SmallTmpfs
{
public:
    static std::unique_ptr<SmallTmpfs> mount(const QString& path, qint64 bytes)
    {
        if (!QDir().mkpath(path)) {
            return nullptr;
        }
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0777";
        if (::mount("tmpfs", QFile::encodeName(path).constData(), "tmpfs", MS_NOSUID | MS_NODEV, options.constData())
            != 0) {
            return nullptr;
        }
        return std::unique_ptr<SmallTmpfs>(new SmallTmpfs(path));
    }
    ~SmallTmpfs() { ::umount2(QFile::encodeName(m_path).constData(), MNT_DETACH); }
    QString path() const { return m_path; }

private:
    explicit SmallTmpfs(const QString& path)
        : m_path(path)
    {
    }
    QString m_path;
};

/// A history of @p count provider webhooks (no text index: its last pages are the newest events').
bool writeHistory(const QString& path, int count)
{
    EventStore store;
    if (!store.open(path) || !store.begin()) {
        return false;
    }
    for (int i = 0; i < count; ++i) {
        StoredEvent e;
        e.receivedAtMs = 1795917180000 + i;
        e.method = "POST";
        e.target = "/webhook";
        e.path = "/webhook";
        e.httpVersion = "HTTP/1.1";
        e.remote = QStringLiteral("127.0.0.1:4000");
        const QByteArray key = newKey();
        e.body = webhook(key);
        e.idempotencyKey = QString::fromLatin1(key);
        e.responseStatus = 200;
        if (!store.insert(e)) {
            return false;
        }
    }
    return store.commit();
}

bool overwrite(const QString& path, qint64 offset, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.seek(offset) && file.write(bytes) == bytes.size();
}

/// Whether any user may reach and run @p path: it and every folder above it allow others to
/// search (execute) it.
bool othersCanReach(const QString& path)
{
    for (QFileInfo info(path); !info.isRoot(); info = QFileInfo(info.absolutePath())) {
        if (!(info.permissions() & QFileDevice::ExeOther)) {
            return false;
        }
    }
    return true;
}

QByteArray garbage(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>((i * 7919 + 13) % 251);
    }
    return bytes;
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private slots:
    void answers503WhileTheDiskIsFull_data();
    void answers503WhileTheDiskIsFull();
    void refusesAnUnusableHistory_data();
    void refusesAnUnusableHistory();
    void refusesASecondCapture_data();
    void refusesASecondCapture();
    void takesOverTheLockOfAKilledCapture();
    void losesNothingWhenAResendIsKilled();
    void losesNothingWhenAnImportIsKilled();

private:
    void checkHistory(const QString& db, const QByteArrayList& acknowledged, const QByteArrayList& refused);
};

/// Sound, and holds every acknowledged key and none of the refused ones.
void TestFaults::checkHistory(const QString& db, const QByteArrayList& acknowledged, const QByteArrayList& refused)
{
    QCOMPARE(query(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    const QSet<QString> keys = storedKeys(db);
    for (const QByteArray& key : acknowledged) {
        QVERIFY2(keys.contains(QString::fromLatin1(key)), key.constData());
    }
    for (const QByteArray& key : refused) {
        QVERIFY2(!keys.contains(QString::fromLatin1(key)), key.constData());
    }
}

void TestFaults::answers503WhileTheDiskIsFull_data()
{
    QTest::addColumn<bool>("tmpfs");
    QTest::newRow("file size limit (RLIMIT_FSIZE: EFBIG)") << false;
    QTest::newRow("full tmpfs (ENOSPC)") << true;
}

void TestFaults::answers503WhileTheDiskIsFull()
{
    QFETCH(bool, tmpfs);
    TempHistory history;
    QString db = history.path();
    std::unique_ptr<SmallTmpfs> small;
    QString filler;
    QProcess child;
    if (tmpfs) {
        small = SmallTmpfs::mount(QFileInfo(db).absolutePath() + QStringLiteral("/small"), 1024 * 1024);
        if (!small) {
            QSKIP("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); the RLIMIT_FSIZE row fills the disk");
        }
        db = small->path() + QStringLiteral("/history.sqlite");
        // Room taken now and given back later: the disk "gets space again".
        filler = small->path() + QStringLiteral("/filler");
        QFile f(filler);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(QByteArray(256 * 1024, 'f')), qint64(256 * 1024));
    } else {
        // Every file the child writes stops growing at 1 MiB: writes beyond fail with EFBIG (the
        // signal that would kill it is ignored, as SQLite expects of its host).
        child.setChildProcessModifier([] {
            rlimit limit = {};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = FileSizeLimit;
            ::setrlimit(RLIMIT_FSIZE, &limit);
            ::signal(SIGXFSZ, SIG_IGN);
        });
    }
    const quint16 port = startServe(child, serveArguments(db), QFileInfo(history.path()).absolutePath());
    QVERIFY2(port != 0, child.readAllStandardError().constData());

    QByteArrayList acknowledged;
    QByteArrayList refused;
    for (int i = 0; i < 500 && refused.size() < 3; ++i) {
        const QByteArray key = newKey();
        const int status = post(port, webhook(key, 16 * 1024));
        QVERIFY2(status == 200 || status == 503, qPrintable(QString::number(status)));
        (status == 200 ? acknowledged : refused).append(key);
    }
    QCOMPARE(refused.size(), 3);
    QVERIFY(acknowledged.size() > 5);
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT(
        (err += child.readAllStandardError()).contains("answering 503, events not stored"), AnswerMs);
    QCOMPARE(err.count("answering 503"), 1); // said once, not once per request
    // While the disk is full, what was stored stays readable and whole.
    checkHistory(db, acknowledged, refused);
    if (QTest::currentTestFailed()) {
        return;
    }

    if (tmpfs) {
        QVERIFY(QFile::remove(filler));
    } else {
        rlimit unlimited = {};
        ::getrlimit(RLIMIT_FSIZE, &unlimited);
        unlimited.rlim_cur = unlimited.rlim_max;
        QCOMPARE(::prlimit(static_cast<pid_t>(child.processId()), RLIMIT_FSIZE, &unlimited, nullptr), 0);
    }
    for (int i = 0; i < 3; ++i) {
        const QByteArray key = newKey();
        QCOMPARE(post(port, webhook(key)), 200);
        acknowledged.append(key);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        (err += child.readAllStandardError()).contains("the history can be written again"), AnswerMs);
    ::kill(static_cast<pid_t>(child.processId()), SIGTERM);
    QVERIFY(child.waitForFinished(AnswerMs));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 0);
    checkHistory(db, acknowledged, refused);
    QCOMPARE(storedKeys(db).size(), acknowledged.size());
}

void TestFaults::refusesAnUnusableHistory_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<QString>("said");
    QTest::newRow("damaged header") << Fault::DamagedHeader << "file is not a database";
    QTest::newRow("damaged schema") << Fault::DamagedSchema << "malformed";
    QTest::newRow("truncated") << Fault::Truncated << "malformed";
    QTest::newRow("garbage over the newest pages") << Fault::GarbageAtTheEnd << "is damaged";
    QTest::newRow("zeroed pages") << Fault::ZeroedPages << "is damaged";
    QTest::newRow("locked by another process") << Fault::Locked << "is locked by another program";
    QTest::newRow("read-only") << Fault::ReadOnly << "is read-only";
}

void TestFaults::refusesAnUnusableHistory()
{
    QFETCH(Fault, fault);
    QFETCH(QString, said);
    TempHistory history;
    const QString db = history.path();
    QVERIFY(writeHistory(db, 3000));
    QVERIFY2(!QFile::exists(db + QStringLiteral("-wal")), "the history was not closed cleanly");
    const qint64 size = QFileInfo(db).size();
    QVERIFY(size > 1024 * 1024);
    QProcess child;
    std::unique_ptr<QSqlDatabase> locker;
    switch (fault) {
    case Fault::DamagedHeader: // page size, format numbers: what SQLite reads first
        QVERIFY(overwrite(db, 16, QByteArray(84, '\xff')));
        break;
    case Fault::DamagedSchema: // the rest of page 1: the schema
        QVERIFY(overwrite(db, 100, garbage(3900)));
        break;
    case Fault::Truncated: // a copy cut short
        QVERIFY(QFile::resize(db, size / 2));
        break;
    case Fault::GarbageAtTheEnd:
        QVERIFY(overwrite(db, size - size / 5, garbage(size / 5)));
        break;
    case Fault::ZeroedPages: // 100 pages after the first, where the tables' roots are
        QVERIFY(overwrite(db, 4096, QByteArray(100 * 4096, '\0')));
        break;
    case Fault::Locked: {
        // Another program holds a write lock (this test process, for as long as the child runs).
        locker = std::make_unique<QSqlDatabase>(
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker")));
        locker->setDatabaseName(db);
        QVERIFY(locker->open());
        QSqlQuery q(*locker);
        QVERIFY2(q.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(q.lastError().text()));
        break;
    }
    case Fault::ReadOnly:
        QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        if (::geteuid() == 0) {
            // Root writes to any file whatever its permissions: the child runs as nobody instead, in
            // a folder open to all (for the lock file).
            QVERIFY(QFile::setPermissions(QFileInfo(db).absolutePath(), QFileDevice::Permissions(0x7777)));
            if (!othersCanReach(QStringLiteral(HOOKSCOPE_BINARY)) || !othersCanReach(QFileInfo(db).absolutePath())) {
                QSKIP("run as root, this row runs hookscope as nobody, who can't reach the binary or the history");
            }
            child.setChildProcessModifier([] {
                constexpr uid_t Nobody = 65534;
                if (::setgroups(0, nullptr) != 0 || ::setgid(Nobody) != 0 || ::setuid(Nobody) != 0) {
                    ::_exit(99);
                }
            });
        }
        break;
    }
    const QByteArray before = sha256(db);
    child.setProcessEnvironment(ChildRun::environment(QFileInfo(db).absolutePath()));
    child.start(QStringLiteral(HOOKSCOPE_BINARY), serveArguments(db));
    QVERIFY(child.waitForFinished(30000));
    const QByteArray out = child.readAllStandardOutput();
    const QByteArray err = child.readAllStandardError();
    if (locker) {
        QSqlQuery(*locker).exec(QStringLiteral("ROLLBACK"));
        locker->close();
        locker.reset();
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    }
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 1, err.constData());
    QVERIFY2(out.isEmpty(), out.constData()); // it never listened
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(err.startsWith("hookscope: serve: "), err.constData());
    QVERIFY2(err.contains(said.toUtf8()), err.constData());
    QCOMPARE(sha256(db), before);
}

void TestFaults::refusesASecondCapture_data()
{
    QTest::addColumn<QStringList>("second"); ///< its arguments; DB stands for the history
    QTest::newRow("serve") << QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
        QStringLiteral("--db"), QStringLiteral("DB")};
    QTest::newRow("forward") << QStringList {QStringLiteral("forward"), QStringLiteral("--to"),
        QStringLiteral("http://127.0.0.1:9/"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
        QStringLiteral("DB")};
    // The window (offscreen): it says so on stderr and ends, rather than open a second capture.
    QTest::newRow("window") << QStringList {
        QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), QStringLiteral("DB")};
}

void TestFaults::refusesASecondCapture()
{
    QFETCH(QStringList, second);
    TempHistory history;
    const QString home = QFileInfo(history.path()).absolutePath();
    ChildServer first(home);
    QVERIFY(first.start(QStringLiteral(HOOKSCOPE_BINARY), serveArguments(history.path())));
    QVERIFY2(first.port() != 0, first.firstLine().constData());
    second.replaceInStrings(QRegularExpression(QStringLiteral("^DB$")), history.path());
    const ChildRun run = ChildRun::run(QStringLiteral(HOOKSCOPE_BINARY), second, home);
    QVERIFY2(run.finished && run.exitCode == 1, run.describe().constData());
    QVERIFY2(!run.out.contains("listening"), run.describe().constData());
    // One line of ours (the window's Qt may add its own about the session, like XDG_RUNTIME_DIR).
    QCOMPARE(run.err.count("hookscope: "), 1);
    const QByteArray expected
        = "is in use by another Hookscope (process " + QByteArray::number(first.process().processId()) + ')';
    QVERIFY2(run.err.contains(expected), run.err.constData());
    // The first one goes on capturing, undisturbed.
    QCOMPARE(post(first.port(), webhook(newKey())), 200);
    QVERIFY(first.stop(SIGTERM));
    QCOMPARE(first.process().exitCode(), 0);
    QVERIFY(!QFile::exists(history.path() + QStringLiteral(".lock")));
}

void TestFaults::takesOverTheLockOfAKilledCapture()
{
    TempHistory history;
    const QString home = QFileInfo(history.path()).absolutePath();
    {
        ChildServer killed(home);
        QVERIFY(killed.start(QStringLiteral(HOOKSCOPE_BINARY), serveArguments(history.path())));
        QVERIFY(killed.port() != 0);
        QVERIFY(killed.stop(SIGKILL));
    }
    QVERIFY(QFile::exists(history.path() + QStringLiteral(".lock"))); // left behind
    ChildServer next(home);
    QVERIFY(next.start(QStringLiteral(HOOKSCOPE_BINARY), serveArguments(history.path())));
    QVERIFY2(next.port() != 0, next.firstLine().constData());
    QCOMPARE(post(next.port(), webhook(newKey())), 200);
}

void TestFaults::losesNothingWhenAResendIsKilled()
{
    // A resend records every attempt in the history before it prints it; killed halfway, every
    // printed attempt is in the history, the history is sound, and the target has every event
    // that was answered 200.
    constexpr int Events = 1500;
    TempHistory history;
    const QString source = history.path();
    const QString home = QFileInfo(source).absolutePath();
    QVERIFY(writeHistory(source, Events));
    ChildServer target(home);
    QVERIFY(
        target.start(QStringLiteral(HOOKSCOPE_BINARY), serveArguments(history.path(QStringLiteral("target.sqlite")))));
    QVERIFY(target.port() != 0);
    QStringList ids;
    for (int id = 1; id <= Events; ++id) {
        ids.append(QString::number(id));
    }
    QProcess resend;
    resend.setProcessEnvironment(ChildRun::environment(home));
    resend.start(QStringLiteral(HOOKSCOPE_BINARY),
        {QStringLiteral("resend"), QStringLiteral("--db"), source, QStringLiteral("--id"), ids.join(QLatin1Char(',')),
            QStringLiteral("--to"), QStringLiteral("http://127.0.0.1:%1/").arg(target.port())});
    QVERIFY(resend.waitForStarted(AnswerMs));
    QByteArray printed;
    const QDeadlineTimer deadline(60000);
    while (printed.count('\n') < 200 && resend.state() == QProcess::Running && !deadline.hasExpired()) {
        resend.waitForReadyRead(100);
        printed += resend.readAllStandardOutput();
    }
    QVERIFY2(resend.state() == QProcess::Running, "the resend ended before it could be killed");
    resend.kill();
    QVERIFY(resend.waitForFinished(AnswerMs));
    printed += resend.readAllStandardOutput();
    const QList<QByteArray> lines = printed.split('\n');
    static const QRegularExpression outcome(QStringLiteral("^#(\\d+) -> 200 OK in \\d+ ms$"));
    QSet<qint64> delivered;
    for (const QByteArray& line : lines) {
        const QRegularExpressionMatch m = outcome.match(QString::fromUtf8(line));
        if (m.hasMatch()) {
            delivered.insert(m.captured(1).toLongLong());
        }
    }
    QVERIFY2(delivered.size() >= 200, printed.right(500).constData());

    QCOMPARE(query(source, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    QCOMPARE(query(source, QStringLiteral("SELECT count(*) FROM events")), QString::number(Events));
    const QStringList recorded
        = query(source, QStringLiteral("SELECT event_id FROM deliveries WHERE status = 200")).split(QLatin1Char('\n'));
    QSet<qint64> recordedIds;
    for (const QString& id : recorded) {
        recordedIds.insert(id.toLongLong());
    }
    for (const qint64 id : std::as_const(delivered)) {
        QVERIFY2(recordedIds.contains(id), qPrintable(QString::number(id)));
    }
    EventStore reopened;
    QVERIFY2(reopened.open(source, EventStore::OpenMode::MustExist), qPrintable(reopened.errorString()));
    // The target got every event that was answered 200, by its key.
    const QSet<QString> targetKeys = storedKeys(history.path(QStringLiteral("target.sqlite")));
    for (const qint64 id : std::as_const(delivered)) {
        QVERIFY(targetKeys.contains(reopened.event(id).idempotencyKey));
    }
}

void TestFaults::losesNothingWhenAnImportIsKilled()
{
    // An import commits in batches; killed halfway, every batch it committed is there, whole and
    // in order, and the history is sound.
    constexpr int Events = 60000;
    TempHistory history;
    const QString db = history.path();
    const QString input = history.path(QStringLiteral("events.ndjson"));
    QByteArrayList keys;
    {
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < Events; ++i) {
            keys.append(newKey());
            QJsonObject record;
            record.insert(QStringLiteral("received_at"), QStringLiteral("2026-11-29T10:00:00.000Z"));
            record.insert(QStringLiteral("method"), QStringLiteral("POST"));
            record.insert(QStringLiteral("target"), QStringLiteral("/webhook"));
            record.insert(QStringLiteral("body"), QString::fromUtf8(webhook(keys.constLast())));
            file.write(QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n');
        }
    }
    QProcess import;
    import.setProcessEnvironment(ChildRun::environment(QFileInfo(db).absolutePath()));
    import.start(QStringLiteral(HOOKSCOPE_BINARY), {QStringLiteral("import"), QStringLiteral("--db"), db, input});
    QVERIFY(import.waitForStarted(AnswerMs));
    qint64 seen = 0;
    const QDeadlineTimer deadline(60000);
    while (seen < 2000 && import.state() == QProcess::Running && !deadline.hasExpired()) {
        import.waitForFinished(20);
        if (QFile::exists(db)) {
            seen = query(db, QStringLiteral("SELECT count(*) FROM events")).toLongLong();
        }
    }
    QVERIFY2(import.state() == QProcess::Running, "the import ended before it could be killed");
    import.kill();
    QVERIFY(import.waitForFinished(AnswerMs));
    QCOMPARE(import.exitStatus(), QProcess::CrashExit);

    QCOMPARE(query(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    const QStringList stored
        = query(db, QStringLiteral("SELECT idempotency_key FROM events ORDER BY id")).split(QLatin1Char('\n'));
    QVERIFY2(
        stored.size() >= seen, qPrintable(QStringLiteral("%1 seen, %2 after the kill").arg(seen).arg(stored.size())));
    QVERIFY(stored.size() < Events);
    QCOMPARE(stored.size() % 500, 0); // whole batches only
    for (qsizetype i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored.at(i), QString::fromLatin1(keys.at(i)));
    }
    EventStore reopened;
    QVERIFY2(reopened.open(db, EventStore::OpenMode::MustExist), qPrintable(reopened.errorString()));
    qInfo("killed after %lld events seen committed; %lld in the history", static_cast<long long>(seen),
        static_cast<long long>(stored.size()));
}

QTEST_GUILESS_MAIN(TestFaults)
#include "TestFaults.moc"
