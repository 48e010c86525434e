#include "Catalog.h"
#include "CommandLine.h"
#include "Envelope.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "TestSupport.h"
#include "Version.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

namespace {

constexpr int RunTimeoutMs = 15000;

QString binary()
{
    return QString::fromUtf8(HOOKSCOPE_BINARY);
}

/// Lines of @p text without their '\n' (a last line without one counts too).
QByteArrayList linesOf(const QByteArray& text)
{
    QByteArrayList lines = text.split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty()) {
        lines.removeLast();
    }
    return lines;
}

/// The children's environment: their default history and settings land in @p home, never in the user's.
QProcessEnvironment childEnvironment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    return env;
}

struct Finished
{
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs hookscope with @p arguments to its end (killed after RunTimeoutMs).
Finished runHookscope(const QStringList& arguments, const QString& home, const QString& stdoutFile = {})
{
    QProcess p;
    p.setProcessEnvironment(childEnvironment(home));
    if (!stdoutFile.isEmpty()) {
        p.setStandardOutputFile(stdoutFile);
    }
    p.start(binary(), arguments);
    Finished f;
    f.finished = p.waitForStarted(RunTimeoutMs) && p.waitForFinished(RunTimeoutMs);
    if (!f.finished) {
        p.kill();
        p.waitForFinished(RunTimeoutMs);
    }
    f.status = p.exitStatus();
    f.exitCode = p.exitCode();
    f.out = p.readAllStandardOutput();
    f.err = p.readAllStandardError();
    return f;
}

QByteArray describe(const Finished& f)
{
    return "exit " + QByteArray::number(f.exitCode) + (f.status == QProcess::CrashExit ? " (crashed)" : "")
        + (f.finished ? "" : " (timed out)") + "\nstdout: " + f.out + "\nstderr: " + f.err;
}

QByteArray sha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return "unreadable";
    }
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// A running `hookscope serve --port 0`, killed if a test leaves it behind.
class Serve
{
public:
    explicit Serve(const QString& home) { m_process.setProcessEnvironment(childEnvironment(home)); }
    ~Serve()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(RunTimeoutMs);
        }
    }
    Serve(const Serve&) = delete;
    Serve& operator=(const Serve&) = delete;

    /// Starts serving @p db and reads the first stdout line; false when none came.
    bool start(const QString& db)
    {
        m_process.start(binary(),
            {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db});
        if (!m_process.waitForStarted(RunTimeoutMs)) {
            return false;
        }
        const QDeadlineTimer deadline(RunTimeoutMs);
        while (!m_process.canReadLine()) {
            if (deadline.hasExpired()
                || !m_process.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) {
                return false;
            }
        }
        m_firstLine = m_process.readLine();
        static const QRegularExpression listening(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)/\\n$"));
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_firstLine));
        m_port = match.hasMatch() ? match.captured(1).toUShort() : 0;
        return true;
    }

    QByteArray firstLine() const { return m_firstLine; }
    quint16 port() const { return m_port; }
    QProcess& process() { return m_process; }

    /// Sends @p signalNumber and waits for the end; false when it is still running after @p timeoutMs.
    bool stop(int signalNumber, int timeoutMs = 5000)
    {
        ::kill(static_cast<pid_t>(m_process.processId()), signalNumber);
        return m_process.waitForFinished(timeoutMs);
    }

private:
    QProcess m_process;
    QByteArray m_firstLine;
    quint16 m_port = 0;
};

/// Posts @p body and returns the answer.
RawHttpClient::Response post(RawHttpClient& client, const QByteArray& body)
{
    client.send(RawHttpClient::post(body));
    return client.readResponse();
}

/// Parses NDJSON lines; an entry is an empty object when its line is not one JSON object.
QList<QJsonObject> parseLines(const QByteArray& ndjson)
{
    QList<QJsonObject> objects;
    for (const QByteArray& line : linesOf(ndjson)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        objects.append(error.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject());
    }
    return objects;
}

QList<qint64> idsOf(const QList<QJsonObject>& objects)
{
    QList<qint64> ids;
    for (const QJsonObject& o : objects) {
        ids.append(o.value(QLatin1String("id")).toInteger());
    }
    return ids;
}

/// Fills a history at @p path with @p count events in-process (two share a key; one body is binary).
bool fillHistory(const QString& path, int count)
{
    EventStore store;
    if (!store.open(path) || !store.begin()) {
        return false;
    }
    const QString key = QString::fromLatin1(newKey());
    for (int i = 0; i < count; ++i) {
        StoredEvent e;
        e.receivedAtMs = 1795917180000 + i;
        e.method = "POST";
        e.target = "/webhook";
        e.path = "/webhook";
        e.httpVersion = "HTTP/1.1";
        e.remote = QStringLiteral("127.0.0.1:4000");
        e.headers = {{"Content-Type", "application/json"}};
        e.body = i == 1 ? QByteArray("\xff\x00\xfe", 3) : providerWebhook();
        e.idempotencyKey = i < 2 ? key : QString::fromLatin1(newKey());
        e.responseStatus = 200;
        if (!store.insert(e)) {
            return false;
        }
    }
    return store.commit();
}

/// Fills a history at @p path with five events that the export filters tell apart:
/// 1 invoices.created staging 2026-11-28T23:59:59.999Z; 2 its retry on production at midnight;
/// 3 customers.updated, no environment, a problem, non-ASCII body, 10:00:00.000Z; 4 not an envelope,
/// "100% sure_thing", 10:00:00.001Z; 5 business_loans.deleted staging, "1000 surexthing", 2026-11-30.
bool fillVariedHistory(const QString& path)
{
    EventStore store;
    if (!store.open(path) || !store.begin()) {
        return false;
    }
    const QString key = QString::fromLatin1(newKey());
    struct Row
    {
        const char* at;
        const char* event;
        const char* environment;
        QByteArray body;
    };
    const Row rows[] = {
        {"2026-11-28T23:59:59.999Z", "invoices.created", "staging", providerWebhook("invoices.created")},
        {"2026-11-29T00:00:00.000Z", "invoices.created", "production", providerWebhook("invoices.created")},
        {"2026-11-29T10:00:00.000Z", "customers.updated", nullptr,
            QStringLiteral("{\"event\":\"customers.updated\",\"message\":\"Gr\u00fc\u00dfe\"}").toUtf8()},
        {"2026-11-29T10:00:00.001Z", nullptr, nullptr, "progress: 100% sure_thing"},
        {"2026-11-30T00:00:00.000Z", "business_loans.deleted", "staging", "progress: 1000 surexthing"},
    };
    for (const Row& row : rows) {
        StoredEvent e;
        e.receivedAtMs = QDateTime::fromString(QLatin1String(row.at), Qt::ISODateWithMs).toMSecsSinceEpoch();
        e.method = "POST";
        e.target = "/webhook";
        e.path = "/webhook";
        e.httpVersion = "HTTP/1.1";
        e.remote = QStringLiteral("127.0.0.1:4000");
        e.headers = {{"Content-Type", "application/json"}};
        e.body = row.body;
        if (row.event) {
            e.event = QLatin1String(row.event);
            e.channel = e.event.section(QLatin1Char('.'), 0, 0);
            e.action = e.event.section(QLatin1Char('.'), 1, 1);
            e.idempotencyKey = e.channel == QLatin1String("invoices") ? key : QString::fromLatin1(newKey());
        }
        if (row.environment) {
            e.environment = QLatin1String(row.environment);
        } else if (row.event) {
            e.problems = {QStringLiteral("missing field: environment")};
        }
        e.responseStatus = 200;
        if (!store.insert(e)) {
            return false;
        }
    }
    return store.commit();
}

/// A history of six events stored as the capture stores them (content type from the headers, the
/// envelope read from the body): a provider webhook and its retry, NUL in a JSON body, Latin-1
/// and repeated headers, an empty body, a 5 MB binary body.
bool fillAwkwardHistory(const QString& path)
{
    EventStore store;
    if (!store.open(path) || !store.begin()) {
        return false;
    }
    QByteArray huge(5 * 1024 * 1024, '\0');
    for (qsizetype i = 0; i < huge.size(); ++i) {
        huge[i] = static_cast<char>((i * 7919) % 251);
    }
    const QByteArray key = newKey();
    const QList<QByteArray> bodies {providerWebhook("invoices.created", key), providerWebhook("invoices.created", key),
        QByteArray("{\"a\":\"x\0y\"}", 11), QByteArray("\xef\xbb\xbf{}"), QByteArray(), huge};
    qint64 at = 1795917180123;
    for (const QByteArray& body : bodies) {
        CapturedRequest r;
        r.method = body.isEmpty() ? "GET" : "POST";
        r.target = "/odd?x=%20&y";
        r.httpVersion = body.size() > 1000 ? "HTTP/1.0" : "HTTP/1.1";
        r.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}, {"X-Sig", "one"},
            {"x-sig", "two"}, {"X-Latin1", "caf\xe9"}};
        r.body = body;
        r.remote = QStringLiteral("[::1]:5000");
        r.receivedAtMs = at++;
        const Envelope envelope = Envelope::parse(r.method, r.header("content-type"), r.body, Catalog::builtIn());
        StoredEvent e = StoredEvent::fromCapture(std::move(r), envelope, 200);
        if (!store.insert(e)) {
            return false;
        }
    }
    return store.commit();
}

/// Runs hookscope with @p input on its stdin, to its end.
Finished runHookscopeWithInput(const QStringList& arguments, const QString& home, const QByteArray& input)
{
    QProcess p;
    p.setProcessEnvironment(childEnvironment(home));
    p.start(binary(), arguments);
    Finished f;
    if (p.waitForStarted(RunTimeoutMs)) {
        p.write(input);
        p.closeWriteChannel();
        f.finished = p.waitForFinished(RunTimeoutMs);
    }
    if (!f.finished) {
        p.kill();
        p.waitForFinished(RunTimeoutMs);
    }
    f.status = p.exitStatus();
    f.exitCode = p.exitCode();
    f.out = p.readAllStandardOutput();
    f.err = p.readAllStandardError();
    return f;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

/// Python reading an export back with its own parsers: the csv module (strict) or json plus the
/// HAR 1.2 required fields. Prints {"problems": [...], "bodies": [hex...]} (the request bodies).
const char* const PythonChecker = R"(
import base64, csv, json, re, sys
from urllib.parse import urlsplit
kind, path = sys.argv[1], sys.argv[2]
problems, bodies = [], []
types = {'str': str, 'num': (int, float), 'obj': dict, 'arr': list}
def need(obj, key, typ, where):
    if not isinstance(obj, dict) or key not in obj:
        problems.append(where + '.' + key + ' is missing'); return None
    v = obj[key]
    if not isinstance(v, types[typ]) or isinstance(v, bool):
        problems.append(where + '.' + key + ' is not ' + typ)
    return v
if kind == 'csv':
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f, strict=True))
    if rows[0] != ['id', 'received_at', 'method', 'target', 'event', 'channel', 'action', 'environment',
                   'idempotency_key', 'duplicate_of', 'problems', 'response_status', 'body']:
        problems.append('header row: %r' % rows[0])
    for row in rows[1:]:
        if len(row) != 13: problems.append('row of %d cells' % len(row)); continue
        b = row[12]
        bodies.append((base64.b64decode(b[7:]) if b.startswith('base64:') else b.encode()).hex())
    with open(path, 'rb') as f:
        if not f.read().endswith(b'\r\n'): problems.append('no CRLF at the end')
else:
    with open(path, encoding='utf-8') as f:
        har = json.load(f)
    log = need(har, 'log', 'obj', 'har') or {}
    need(log, 'version', 'str', 'log')
    creator = need(log, 'creator', 'obj', 'log') or {}
    need(creator, 'name', 'str', 'creator'); need(creator, 'version', 'str', 'creator')
    for i, e in enumerate(need(log, 'entries', 'arr', 'log') or []):
        w = 'entries[%d]' % i
        for k, t in [('startedDateTime', 'str'), ('time', 'num'), ('request', 'obj'), ('response', 'obj'),
                     ('cache', 'obj'), ('timings', 'obj')]:
            need(e, k, t, w)
        if not re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$', e.get('startedDateTime', '')):
            problems.append(w + '.startedDateTime is not ISO 8601')
        r = e.get('request', {})
        for k, t in [('method', 'str'), ('url', 'str'), ('httpVersion', 'str'), ('cookies', 'arr'),
                     ('headers', 'arr'), ('queryString', 'arr'), ('headersSize', 'num'), ('bodySize', 'num')]:
            need(r, k, t, w + '.request')
        for h in r.get('headers', []) + r.get('queryString', []):
            need(h, 'name', 'str', w); need(h, 'value', 'str', w)
        u = urlsplit(r.get('url', ''))
        if u.scheme not in ('http', 'https') or not u.netloc: problems.append(w + '.request.url is not absolute')
        post = r.get('postData')
        if post is not None:
            need(post, 'mimeType', 'str', w + '.postData'); need(post, 'text', 'str', w + '.postData')
            text = post.get('text', '')
            bodies.append((base64.b64decode(text) if post.get('encoding') == 'base64' else text.encode()).hex())
        else:
            bodies.append('')
        s = e.get('response', {})
        for k, t in [('status', 'num'), ('statusText', 'str'), ('httpVersion', 'str'), ('cookies', 'arr'),
                     ('headers', 'arr'), ('content', 'obj'), ('redirectURL', 'str'), ('headersSize', 'num'),
                     ('bodySize', 'num')]:
            need(s, k, t, w + '.response')
        need(s.get('content', {}), 'size', 'num', w + '.content'); need(s.get('content', {}), 'mimeType', 'str', w + '.content')
        for k in ('send', 'wait', 'receive'):
            v = need(e.get('timings', {}), k, 'num', w + '.timings')
            if isinstance(v, (int, float)) and v < 0: problems.append(w + '.timings.' + k + ' < 0')
json.dump({'problems': problems, 'bodies': bodies}, sys.stdout)
)";

/// The request bodies of the NDJSON export @p ndjson, in hex.
QStringList bodiesOf(const QByteArray& ndjson)
{
    QStringList out;
    for (const QJsonObject& o : parseLines(ndjson)) {
        const QByteArray body = o.contains(QLatin1String("body_base64"))
            ? QByteArray::fromBase64(o.value(QLatin1String("body_base64")).toString().toLatin1())
            : o.value(QLatin1String("body")).toString().toUtf8();
        out.append(QString::fromLatin1(body.toHex()));
    }
    return out;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();
    void serveCaptureAndExport_data();
    void serveCaptureAndExport();
    void portInUse();
    void unusableDatabase_data();
    void unusableDatabase();
    void exportToFileMatchesStdout();
    void exportToUnwritablePlace_data();
    void exportToUnwritablePlace();
    void exportToAFullStdout();
    void exportRefusesToOverwriteTheHistory_data();
    void exportRefusesToOverwriteTheHistory();
    void exportWhileServing();
    void exportFilters_data();
    void exportFilters();
    void exportEveryFormat_data();
    void exportEveryFormat();
    void exportFixtures();
    void exportProgressOnATerminal();
    void importRoundTrip_data();
    void importRoundTrip();
    void importRefusesBadLines();
    void importChecksEveryFileFirst_data();
    void importChecksEveryFileFirst();
    void importFromStdin();
};

void TestCommandLine::version()
{
    TempHistory home;
    for (const QString& option : {QStringLiteral("--version"), QStringLiteral("-v")}) {
        const Finished f = runHookscope({option}, home.path(QString()));
        QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
        QCOMPARE(f.exitCode, 0);
        QCOMPARE(f.out, QByteArray("hookscope " HOOKSCOPE_VERSION "\n"));
        QCOMPARE(f.err, QByteArray());
    }
}

void TestCommandLine::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("mentions");
    QTest::newRow("--help") << QStringList {QStringLiteral("--help")} << QByteArray("export");
    QTest::newRow("-h") << QStringList {QStringLiteral("-h")} << QByteArray("serve");
    QTest::newRow("help") << QStringList {QStringLiteral("help")} << QByteArray("serve");
    QTest::newRow("serve --help") << QStringList {QStringLiteral("serve"), QStringLiteral("--help")}
                                  << QByteArray("--max-body");
    QTest::newRow("export --help") << QStringList {QStringLiteral("export"), QStringLiteral("--help")}
                                   << QByteArray("--output");
    QTest::newRow("--help lists import") << QStringList {QStringLiteral("--help")} << QByteArray("import");
    QTest::newRow("export --help lists the formats")
        << QStringList {QStringLiteral("export"), QStringLiteral("--help")} << QByteArray("json, csv, har");
    QTest::newRow("import --help") << QStringList {QStringLiteral("import"), QStringLiteral("--help")}
                                   << QByteArray("FILE...");
}

void TestCommandLine::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, mentions);
    TempHistory home;
    const Finished f = runHookscope(arguments, home.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, 0);
    QVERIFY2(f.out.contains(mentions), f.out.constData());
    QCOMPARE(f.err, QByteArray());
}

void TestCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    const auto row = [](const char* name, const char* arguments) {
        QTest::newRow(name) << QString::fromLatin1(arguments).split(QLatin1Char(' '));
    };
    row("unknown command", "frobnicate");
    row("unknown option before the command", "--frobnicate");
    row("serve --port abc", "serve --port abc");
    row("serve --port 70000", "serve --port 70000");
    row("serve --port 65536", "serve --port 65536");
    row("serve --port -1", "serve --port -1");
    row("serve --bind nonsense", "serve --bind nonsense");
    row("serve --max-body -5", "serve --max-body -5");
    row("serve --max-body 0", "serve --max-body 0");
    row("serve --max-body 12X", "serve --max-body 12X");
    row("serve --frobnicate", "serve --frobnicate");
    row("serve --port without value", "serve --port");
    row("serve with a stray argument", "serve stray");
    row("export --format xml", "export --format xml");
    row("export --frobnicate", "export --frobnicate");
    row("export --since yesterday", "export --since yesterday");
    row("export --until 2026-11-29T25:00", "export --until 2026-11-29T25:00");
    row("export --since without value", "export --since");
    row("export --format fixtures without --output", "export --format fixtures");
    row("export --force without fixtures", "export --force");
    row("import without a file", "import");
    row("import --frobnicate", "import --frobnicate x.ndjson");
    row("import reading stdin twice", "import - -");
}

void TestCommandLine::usageErrors()
{
    QFETCH(QStringList, arguments);
    TempHistory dir;
    const QString db = dir.path();
    // A --db in front, so that a wrong option that slipped through would show as a created history.
    QStringList withDb = arguments;
    if (arguments.constFirst() == QLatin1String("serve") || arguments.constFirst() == QLatin1String("export")
        || arguments.constFirst() == QLatin1String("import")) {
        withDb.insert(1, QStringLiteral("--db"));
        withDb.insert(2, db);
    }
    const Finished f = runHookscope(withDb, dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Usage));
    QCOMPARE(f.out, QByteArray());
    const QByteArrayList lines = linesOf(f.err);
    QVERIFY2(lines.size() == 1, f.err.constData());
    QVERIFY2(f.err.endsWith('\n') && lines.constFirst().startsWith("hookscope: "), f.err.constData());
    QVERIFY(!QFileInfo::exists(db));
}

void TestCommandLine::serveCaptureAndExport_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestCommandLine::serveCaptureAndExport()
{
    QFETCH(int, signalNumber);
    TempHistory dir;
    const QString db = dir.path();
    const QByteArray key = "26053e97-f78a-4d25-a519-4eed22ba5c41";
    {
        Serve serve(dir.path(QString()));
        QVERIFY2(serve.start(db), serve.process().readAllStandardError().constData());
        QVERIFY2(serve.port() != 0, serve.firstLine().constData());
        QCOMPARE(serve.firstLine(), "listening on http://127.0.0.1:" + QByteArray::number(serve.port()) + "/\n");

        RawHttpClient client;
        QVERIFY(client.connectTo(serve.port()));
        const RawHttpClient::Response first = post(client, providerWebhook("business_loans.deleted", key));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.body, QByteArray("{\"ok\":true,\"id\":1}"));
        const RawHttpClient::Response second = post(client, providerWebhook("business_loans.deleted", key));
        QCOMPARE(second.status, 200);
        QCOMPARE(second.body, QByteArray("{\"ok\":true,\"id\":2}"));

        QVERIFY2(serve.stop(signalNumber), "still running 5 s after the signal");
        QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.process().exitCode(), 0);
        QCOMPARE(serve.process().readAllStandardOutput(), QByteArray()); // nothing after the first line
        const QByteArray err = serve.process().readAllStandardError();
        QVERIFY2(!err.contains("503") && !err.contains("QSql"), err.constData());
    }

    const Finished f = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit && f.exitCode == 0, describe(f).constData());
    QCOMPARE(f.err, QByteArray());
    QVERIFY(f.out.endsWith('\n'));
    const QList<QJsonObject> events = parseLines(f.out);
    QCOMPARE(events.size(), 2);
    QCOMPARE(idsOf(events), QList<qint64>({1, 2}));
    for (const QJsonObject& o : events) {
        QVERIFY2(!o.isEmpty(), f.out.constData());
        QCOMPARE(o.value(QLatin1String("event")).toString(), QStringLiteral("business_loans.deleted"));
        QCOMPARE(o.value(QLatin1String("channel")).toString(), QStringLiteral("business_loans"));
        QCOMPARE(o.value(QLatin1String("action")).toString(), QStringLiteral("deleted"));
        QCOMPARE(o.value(QLatin1String("environment")).toString(), QStringLiteral("staging"));
        QCOMPARE(o.value(QLatin1String("idempotency_key")).toString(), QString::fromLatin1(key));
        QCOMPARE(o.value(QLatin1String("message")).toString(), QStringLiteral("Business_Loan deleted successfully."));
        QCOMPARE(o.value(QLatin1String("problems")), QJsonValue(QJsonArray()));
        QCOMPARE(o.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(o.value(QLatin1String("path")).toString(), QStringLiteral("/webhook"));
        QCOMPARE(o.value(QLatin1String("body")).toString().toUtf8(), providerWebhook("business_loans.deleted", key));
        QCOMPARE(o.value(QLatin1String("response_status")).toInt(), 200);
    }
    QVERIFY(events.at(0).value(QLatin1String("duplicate_of")).isNull());
    QCOMPARE(events.at(1).value(QLatin1String("duplicate_of")), QJsonValue(1));
}

void TestCommandLine::portInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const QByteArray port = QByteArray::number(occupant.serverPort());
    TempHistory dir;
    const Finished f = runHookscope({QStringLiteral("serve"), QStringLiteral("--port"), QString::fromLatin1(port),
                                        QStringLiteral("--db"), dir.path()},
        dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Failed));
    QCOMPARE(f.out, QByteArray());
    QVERIFY2(linesOf(f.err).size() == 1, f.err.constData());
    QVERIFY2(f.err.contains("127.0.0.1:" + port), f.err.constData());
    QVERIFY(occupant.isListening());
    // The port is claimed before the history is opened: no empty history is left behind.
    QVERIFY(!QFileInfo::exists(dir.path()));
}

void TestCommandLine::unusableDatabase_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name"); // relative to the temporary folder
    for (const char* command : {"serve", "export"}) {
        const QString c = QString::fromLatin1(command);
        QTest::addRow("%s: a directory", command) << c << "directory"
                                                  << "folder.sqlite";
        QTest::addRow("%s: under a missing folder", command) << c << "none"
                                                             << "missing/history.sqlite";
        QTest::addRow("%s: a text file", command) << c << "text"
                                                  << "notes.txt";
        QTest::addRow("%s: another program's database", command) << c << "foreign"
                                                                 << "other.sqlite";
    }
    QTest::newRow("export: a missing file is not created") << "export"
                                                           << "none"
                                                           << "missing.sqlite";
}

void TestCommandLine::unusableDatabase()
{
    QFETCH(QString, command);
    QFETCH(QString, kind);
    QFETCH(QString, name);
    TempHistory dir;
    const QString db = dir.path(name);
    if (kind == QLatin1String("directory")) {
        QVERIFY(QDir().mkpath(db));
    } else if (kind == QLatin1String("text")) {
        QFile f(db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just some notes\n");
    } else if (kind == QLatin1String("foreign")) {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        other.setDatabaseName(db);
        QVERIFY(other.open());
        QSqlQuery q(other);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (text TEXT)")));
        q = QSqlQuery();
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    }
    const QByteArray hashBefore = sha256(db);
    const QFileInfo before(db);
    const QStringList entriesBefore = QDir(dir.path(QString())).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);

    QStringList arguments = {command, QStringLiteral("--db"), db};
    if (command == QLatin1String("serve")) {
        arguments << QStringLiteral("--port") << QStringLiteral("0");
    }
    const Finished f = runHookscope(arguments, dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Failed));
    QCOMPARE(f.out, QByteArray());
    QVERIFY2(
        linesOf(f.err).size() == 1 && f.err.startsWith("hookscope: " + command.toUtf8() + ": "), f.err.constData());
    QVERIFY2(f.err.contains(db.toUtf8()), f.err.constData());

    QCOMPARE(QDir(dir.path(QString())).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), entriesBefore);
    QCOMPARE(QFileInfo::exists(db), before.exists());
    if (before.isFile()) {
        QCOMPARE(sha256(db), hashBefore);
        QCOMPARE(QFileInfo(db).size(), before.size());
        QCOMPARE(QFileInfo(db).lastModified(), before.lastModified());
    }
}

void TestCommandLine::exportToFileMatchesStdout()
{
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillHistory(db, 3));
    const Finished toStdout = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()));
    QVERIFY2(toStdout.finished && toStdout.exitCode == 0, describe(toStdout).constData());
    QCOMPARE(linesOf(toStdout.out).size(), 3);
    QCOMPARE(idsOf(parseLines(toStdout.out)), QList<qint64>({1, 2, 3}));
    QVERIFY(parseLines(toStdout.out).at(1).contains(QLatin1String("body_base64")));

    for (const QString& option : {QStringLiteral("--output"), QStringLiteral("-o")}) {
        const QString output = dir.path(QStringLiteral("out.ndjson"));
        QFile stale(output);
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("stale content that must not survive, longer than nothing\n");
        stale.close();
        const Finished toFile
            = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db, option, output}, dir.path(QString()));
        QVERIFY2(toFile.finished && toFile.status == QProcess::NormalExit && toFile.exitCode == 0,
            describe(toFile).constData());
        QCOMPARE(toFile.out, QByteArray());
        QVERIFY2(linesOf(toFile.err).size() == 1 && toFile.err.contains("3 events"), toFile.err.constData());
        QFile written(output);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), toStdout.out);
    }
}

void TestCommandLine::exportToUnwritablePlace_data()
{
    QTest::addColumn<QString>("output"); // "@" stands for the temporary folder
    QTest::newRow("under /proc") << "/proc/hookscope-export.ndjson";
    QTest::newRow("in a missing folder") << "@/missing/out.ndjson";
    QTest::newRow("a directory") << "@";
}

void TestCommandLine::exportToUnwritablePlace()
{
    QFETCH(QString, output);
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillHistory(db, 2));
    output.replace(QLatin1Char('@'), dir.path(QString()));
    const QStringList entriesBefore = QDir(dir.path(QString())).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    const Finished f
        = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--output"), output},
            dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Failed));
    QCOMPARE(f.out, QByteArray());
    QVERIFY2(linesOf(f.err).size() == 1 && f.err.startsWith("hookscope: export: "), f.err.constData());
    QVERIFY2(f.err.contains(output.toUtf8()), f.err.constData());
    QCOMPARE(QDir(dir.path(QString())).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), entriesBefore);
}

void TestCommandLine::exportToAFullStdout()
{
    if (!QFileInfo(QStringLiteral("/dev/full")).isWritable()) {
        QSKIP("no writable /dev/full here");
    }
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillHistory(db, 3));
    const Finished f = runHookscope(
        {QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()), QStringLiteral("/dev/full"));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Failed));
    QVERIFY2(linesOf(f.err).size() == 1 && f.err.startsWith("hookscope: export: "), f.err.constData());
}

void TestCommandLine::exportRefusesToOverwriteTheHistory_data()
{
    QTest::addColumn<QString>("output"); // "@" stands for the temporary folder
    QTest::newRow("the same path") << "@/history.sqlite";
    QTest::newRow("spelled differently") << "@/./sub/../history.sqlite";
    QTest::newRow("through a symbolic link") << "@/link.sqlite";
}

void TestCommandLine::exportRefusesToOverwriteTheHistory()
{
    QFETCH(QString, output);
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillHistory(db, 2));
    QVERIFY(QDir().mkpath(dir.path(QStringLiteral("sub"))));
    QVERIFY(QFile::link(db, dir.path(QStringLiteral("link.sqlite"))));
    output.replace(QLatin1Char('@'), dir.path(QString()));
    const QByteArray hash = sha256(db);

    const Finished f
        = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--output"), output},
            dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Usage));
    QVERIFY2(linesOf(f.err).size() == 1 && f.err.startsWith("hookscope: export: "), f.err.constData());
    QCOMPARE(sha256(db), hash);
    const Finished check = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()));
    QVERIFY2(check.finished && check.exitCode == 0, describe(check).constData());
    QCOMPARE(linesOf(check.out).size(), 2);
}

void TestCommandLine::exportWhileServing()
{
    TempHistory dir;
    const QString db = dir.path();
    Serve serve(dir.path(QString()));
    QVERIFY2(serve.start(db), serve.process().readAllStandardError().constData());
    QVERIFY2(serve.port() != 0, serve.firstLine().constData());
    RawHttpClient client;
    QVERIFY(client.connectTo(serve.port()));
    for (int id = 1; id <= 3; ++id) {
        const RawHttpClient::Response r = post(client, providerWebhook("invoices.created", newKey()));
        QCOMPARE(r.body, "{\"ok\":true,\"id\":" + QByteArray::number(id) + "}");
    }

    // An export started while more events are being posted and committed.
    QProcess exporter;
    exporter.setProcessEnvironment(childEnvironment(dir.path(QString())));
    exporter.start(binary(), {QStringLiteral("export"), QStringLiteral("--db"), db});
    QVERIFY(exporter.waitForStarted(RunTimeoutMs));
    for (int id = 4; id <= 8; ++id) {
        const RawHttpClient::Response r = post(client, providerWebhook("invoices.created", newKey()));
        QCOMPARE(r.body, "{\"ok\":true,\"id\":" + QByteArray::number(id) + "}");
    }
    QVERIFY(exporter.waitForFinished(RunTimeoutMs));
    QCOMPARE(exporter.exitStatus(), QProcess::NormalExit);
    const QByteArray exporterErr = exporter.readAllStandardError();
    QVERIFY2(exporter.exitCode() == 0 && exporterErr.isEmpty(), exporterErr.constData());
    const QList<QJsonObject> during = parseLines(exporter.readAllStandardOutput());
    QVERIFY2(during.size() >= 3 && during.size() <= 8, QByteArray::number(during.size()).constData());
    QList<qint64> expected;
    for (qint64 id = 1; id <= during.size(); ++id) {
        expected.append(id);
    }
    QCOMPARE(idsOf(during), expected); // a committed prefix, in order, nothing half-written

    // Once acknowledged, an event is in the next export, while serve keeps running.
    const Finished after = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()));
    QVERIFY2(after.finished && after.exitCode == 0 && after.err.isEmpty(), describe(after).constData());
    const QList<QJsonObject> all = parseLines(after.out);
    QCOMPARE(idsOf(all), QList<qint64>({1, 2, 3, 4, 5, 6, 7, 8}));
    QCOMPARE(all.at(7).value(QLatin1String("channel")).toString(), QStringLiteral("invoices"));
    QCOMPARE(serve.process().state(), QProcess::Running);
    const RawHttpClient::Response ninth = post(client, providerWebhook("invoices.created", newKey()));
    QCOMPARE(ninth.body, QByteArray("{\"ok\":true,\"id\":9}"));

    QVERIFY(serve.stop(SIGTERM));
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process().exitCode(), 0);
}

void TestCommandLine::exportFilters_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QList<qint64>>("ids"); // exported, in order (see fillVariedHistory)
    using Ids = QList<qint64>;
    const auto row = [](const char* name, const QStringList& options, const Ids& ids) {
        QTest::newRow(name) << options << int(CommandLine::Ok) << ids;
    };
    const auto bad = [](const char* name, const QStringList& options) {
        QTest::newRow(name) << options << int(CommandLine::Usage) << Ids {};
    };
    const auto s = [](const char* text) { return QString::fromUtf8(text); };
    row("no filter", {}, {1, 2, 3, 4, 5});
    row("--channel", {s("--channel"), s("invoices")}, {1, 2});
    row("--channel, a comma list", {s("--channel"), s("invoices,customers")}, {1, 2, 3});
    row("--channel, repeated", {s("--channel"), s("invoices"), s("--channel"), s("business_loans")}, {1, 2, 5});
    row("--channel '' (no channel)", {s("--channel"), s("")}, {4});
    row("--channel=", {s("--channel=")}, {4});
    row("--action", {s("--action"), s("updated")}, {3});
    row("--action, a comma list", {s("--action"), s("created, deleted")}, {1, 2, 5});
    row("--environment", {s("--environment"), s("production")}, {2});
    row("--environment other", {s("--environment"), s("other")}, {3, 4});
    row("--environment staging,other", {s("--environment"), s("staging,other")}, {1, 3, 4, 5});
    row("--search, '%' literally", {s("--search"), s("100%")}, {4});
    row("--search, '_' literally", {s("--search"), s("SURE_THING")}, {4});
    row("--search, non-ASCII", {s("--search"), s("grüße")}, {3});
    row("--since a date", {s("--since"), s("2026-11-29")}, {2, 3, 4, 5});
    row("--until a date", {s("--until"), s("2026-11-29")}, {1});
    row("--since a UTC time", {s("--since"), s("2026-11-29T10:00:00Z")}, {3, 4, 5});
    row("--since a time with an offset", {s("--since"), s("2026-11-29T11:00:00.001+01:00")}, {4, 5});
    row("--since a time without an offset is UTC", {s("--since"), s("2026-11-29T10:00:00")}, {3, 4, 5});
    row("--until, exclusive, ms", {s("--until"), s("2026-11-29T10:00:00.001Z")}, {1, 2, 3});
    row("--since and --until", {s("--since"), s("2026-11-29"), s("--until"), s("2026-11-30")}, {2, 3, 4});
    row("--duplicates-only", {s("--duplicates-only")}, {2});
    row("--problems-only", {s("--problems-only")}, {3});
    row("several together",
        {s("--channel"), s("invoices"), s("--environment"), s("production"), s("--duplicates-only")}, {2});
    row("nothing matches", {s("--channel"), s("invoices"), s("--problems-only")}, {});
    bad("bad --since", {s("--since"), s("yesterday")});
    bad("bad --since: no such day", {s("--since"), s("2026-02-30")});
    bad("bad --until: trailing text", {s("--until"), s("2026-11-29T10:00:00Zjunk")});
    bad("empty --since", {s("--since"), s("")});
}

void TestCommandLine::exportFilters()
{
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QList<qint64>, ids);
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillVariedHistory(db));
    const QByteArray hash = sha256(db);
    // A time zone far from UTC for the child, so that a time read as local time would show.
    const QByteArray previousTz = qgetenv("TZ");
    qputenv("TZ", "America/Los_Angeles");
    const auto restore = qScopeGuard([&previousTz] {
        if (previousTz.isNull()) {
            qunsetenv("TZ");
        } else {
            qputenv("TZ", previousTz);
        }
    });

    const Finished f = runHookscope(
        QStringList {QStringLiteral("export"), QStringLiteral("--db"), db} + options, dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, exitCode);
    if (exitCode == CommandLine::Ok) {
        QCOMPARE(f.err, QByteArray());
        const QList<QJsonObject> events = parseLines(f.out);
        QCOMPARE(idsOf(events), ids);
    } else {
        QCOMPARE(f.out, QByteArray());
        QVERIFY2(linesOf(f.err).size() == 1 && f.err.startsWith("hookscope: export: "), f.err.constData());
        QVERIFY2(f.err.contains(options.constFirst().toUtf8()), f.err.constData());
    }
    QCOMPARE(sha256(db), hash);
}

void TestCommandLine::exportEveryFormat_data()
{
    QTest::addColumn<QString>("format");
    for (const char* format : {"ndjson", "json", "csv", "har"}) {
        QTest::newRow(format) << QString::fromLatin1(format);
    }
}

void TestCommandLine::exportEveryFormat()
{
    QFETCH(QString, format);
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillHistory(db, 3)); // the second body is binary
    const Finished reference
        = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()));
    QVERIFY2(reference.finished && reference.exitCode == 0, describe(reference).constData());

    const Finished f
        = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--format"), format},
            dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit && f.exitCode == 0, describe(f).constData());
    QCOMPARE(f.err, QByteArray()); // stderr is no terminal: no progress
    const QString output = dir.path(QStringLiteral("out.") + format);
    const Finished toFile = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db,
                                             QStringLiteral("--format"), format, QStringLiteral("-o"), output},
        dir.path(QString()));
    QVERIFY2(toFile.finished && toFile.exitCode == 0, describe(toFile).constData());
    QCOMPARE(toFile.err, "hookscope: exported 3 events to " + output.toUtf8() + "\n");
    QCOMPARE(readFile(output), f.out);

    if (format == QLatin1String("ndjson")) {
        QCOMPARE(f.out, reference.out);
        return;
    }
    if (format == QLatin1String("json")) {
        QJsonParseError error;
        const QJsonArray array = QJsonDocument::fromJson(f.out, &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QList<QJsonObject> records;
        for (const QJsonValue& v : array) {
            records.append(v.toObject());
        }
        QCOMPARE(records, parseLines(reference.out));
        return;
    }
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        QSKIP("no python3 here to read the export back");
    }
    QProcess check;
    check.start(python, {QStringLiteral("-c"), QString::fromLatin1(PythonChecker), format, output});
    QVERIFY(check.waitForFinished(RunTimeoutMs));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    const QJsonObject result = QJsonDocument::fromJson(check.readAllStandardOutput()).object();
    QCOMPARE(result.value(QLatin1String("problems")).toVariant().toStringList(), QStringList());
    QCOMPARE(result.value(QLatin1String("bodies")).toVariant().toStringList(), bodiesOf(reference.out));
}

void TestCommandLine::exportFixtures()
{
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillVariedHistory(db));
    const QString home = dir.path(QString());
    const QString folder = dir.path(QStringLiteral("fixtures"));
    const auto run = [&](const QStringList& more) {
        return runHookscope(QStringList {QStringLiteral("export"), QStringLiteral("--db"), db,
                                QStringLiteral("--format"), QStringLiteral("fixtures")}
                + more,
            home);
    };
    const Finished f = run({QStringLiteral("--output"), folder});
    QVERIFY2(f.finished && f.exitCode == 0, describe(f).constData());
    QCOMPARE(f.out, QByteArray());
    QCOMPARE(f.err, "hookscope: exported 5 events to " + folder.toUtf8() + "\n");
    const QStringList files {QStringLiteral("business_loans.deleted-5.json"),
        QStringLiteral("customers.updated-3.json"), QStringLiteral("invoices.created-1.json"),
        QStringLiteral("invoices.created-2.json"), QStringLiteral("request-4.json")};
    QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name), files);
    const QByteArray fixture = readFile(folder + QStringLiteral("/invoices.created-1.json"));
    QVERIFY2(fixture.startsWith("{\n  \"event\": \"invoices.created\",\n"), fixture.constData());
    QCOMPARE(QJsonDocument::fromJson(fixture), QJsonDocument::fromJson(providerWebhook("invoices.created")));
    // Not JSON: the event's record instead.
    QCOMPARE(QJsonDocument::fromJson(readFile(folder + QStringLiteral("/request-4.json")))
                 .object()
                 .value(QLatin1String("body"))
                 .toString(),
        QStringLiteral("progress: 100% sure_thing"));

    // A folder that is not empty is left alone, unless --force.
    const QByteArray before = readFile(folder + QStringLiteral("/request-4.json"));
    QVERIFY(writeFile(folder + QStringLiteral("/request-4.json"), "mine"));
    const Finished refused = run({QStringLiteral("--output"), folder});
    QVERIFY2(refused.finished && refused.exitCode == int(CommandLine::Usage), describe(refused).constData());
    QVERIFY2(linesOf(refused.err).size() == 1 && refused.err.contains("--force"), refused.err.constData());
    QCOMPARE(readFile(folder + QStringLiteral("/request-4.json")), QByteArray("mine"));
    const Finished forced = run({QStringLiteral("--output"), folder, QStringLiteral("--force")});
    QVERIFY2(forced.finished && forced.exitCode == 0, describe(forced).constData());
    QCOMPARE(readFile(folder + QStringLiteral("/request-4.json")), before);

    // Filters apply; a file or a folder under a missing one is no place for fixtures.
    const QString invoices = dir.path(QStringLiteral("invoices"));
    const Finished filtered
        = run({QStringLiteral("-o"), invoices, QStringLiteral("--channel"), QStringLiteral("invoices")});
    QVERIFY2(filtered.finished && filtered.exitCode == 0, describe(filtered).constData());
    QCOMPARE(QDir(invoices).entryList(QDir::Files).size(), 2);
    const Finished onAFile = run({QStringLiteral("-o"), db});
    QVERIFY2(onAFile.finished && onAFile.exitCode == int(CommandLine::Usage), describe(onAFile).constData());
    const Finished underMissing = run({QStringLiteral("-o"), dir.path(QStringLiteral("missing/fixtures"))});
    QVERIFY2(
        underMissing.finished && underMissing.exitCode == int(CommandLine::Failed), describe(underMissing).constData());
    QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("missing"))));
}

void TestCommandLine::exportProgressOnATerminal()
{
    // util-linux's script(1) runs the export on a pseudo-terminal, as a person's shell would.
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    if (script.isEmpty()) {
        QSKIP("no script(1) here to give the export a terminal");
    }
    TempHistory dir;
    const QString db = dir.path();
    QVERIFY(fillHistory(db, 3));
    const QString output = dir.path(QStringLiteral("out.csv"));
    const auto onATerminal = [&](const QString& command) {
        QProcess p;
        p.setProcessEnvironment(childEnvironment(dir.path(QString())));
        p.start(script, {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        p.waitForFinished(RunTimeoutMs);
        return p.readAllStandardOutput();
    };
    const QString quoted = QLatin1Char('\'') + binary() + QStringLiteral("' export --db '") + db + QLatin1Char('\'');
    const QByteArray toFile = onATerminal(quoted + QStringLiteral(" --format csv -o '") + output + QLatin1Char('\''));
    QVERIFY2(toFile.contains("\rhookscope: exported 3 of 3\033[K\r\033[K"), toFile.constData());
    QVERIFY2(toFile.contains("hookscope: exported 3 events to " + output.toUtf8()), toFile.constData());
    QVERIFY(readFile(output).startsWith("id,received_at,"));
    // Exporting to the terminal itself: no progress drawn over the records.
    const QByteArray toTerminal = onATerminal(quoted);
    QVERIFY2(toTerminal.contains("\"id\":3"), toTerminal.constData());
    QVERIFY2(!toTerminal.contains(" of 3"), toTerminal.constData());
}

void TestCommandLine::importRoundTrip_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("NDJSON") << "ndjson";
    QTest::newRow("HAR") << "har";
}

void TestCommandLine::importRoundTrip()
{
    QFETCH(QString, format);
    TempHistory dir;
    const QString db = dir.path();
    const QString home = dir.path(QString());
    QVERIFY(fillAwkwardHistory(db));
    const QString exported = dir.path(QStringLiteral("export.") + format);
    const Finished out = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                                          format, QStringLiteral("-o"), exported},
        home);
    QVERIFY2(out.finished && out.exitCode == 0, describe(out).constData());

    const QString fresh = dir.path(QStringLiteral("fresh.sqlite"));
    const Finished in = runHookscope({QStringLiteral("import"), QStringLiteral("--db"), fresh, exported}, home);
    QVERIFY2(in.finished && in.status == QProcess::NormalExit && in.exitCode == 0, describe(in).constData());
    QCOMPARE(in.out, QByteArray());
    const QByteArray name = exported.toUtf8();
    QCOMPARE(linesOf(in.err),
        QByteArrayList({"hookscope: reading " + name + " as " + format.toUpper().toUtf8(),
            "hookscope: imported 6 events from " + name}));

    const Finished original = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, home);
    const Finished copy = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), fresh}, home);
    QVERIFY2(original.exitCode == 0 && copy.exitCode == 0, describe(copy).constData());
    if (format == QLatin1String("ndjson")) {
        QVERIFY(copy.out == original.out); // byte for byte: ids, times, headers, bodies
        return;
    }
    // HAR carries no client address, and header bytes only as text.
    const QList<QJsonObject> a = parseLines(original.out);
    const QList<QJsonObject> b = parseLines(copy.out);
    QCOMPARE(b.size(), a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        for (const char* key :
            {"id", "received_at", "method", "target", "path", "http_version", "body", "body_base64", "body_size",
                "content_type", "event", "channel", "idempotency_key", "duplicate_of", "problems", "response_status"}) {
            QCOMPARE(b.at(i).value(QLatin1String(key)), a.at(i).value(QLatin1String(key)));
        }
        QCOMPARE(b.at(i).value(QLatin1String("remote")).toString(), QString());
    }
}

void TestCommandLine::importRefusesBadLines()
{
    TempHistory dir;
    const QString db = dir.path();
    const QString home = dir.path(QString());
    QVERIFY(fillHistory(db, 2));
    const Finished before = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, home);
    const QByteArrayList good = linesOf(before.out);
    const QString input = dir.path(QStringLiteral("mixed.ndjson"));
    QVERIFY(writeFile(input,
        good.at(0) + "\n{\"received_at\":\n{\"received_at\":\"2026-11-29T01:53:00Z\",\"method\":\"POST\"}\n"
            + good.at(1) + "\n"));

    const Finished f = runHookscope({QStringLiteral("import"), QStringLiteral("--db"), db, input}, home);
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Failed)); // some of it was refused
    const QByteArray name = input.toUtf8();
    const QByteArrayList lines = linesOf(f.err);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), "hookscope: reading " + name + " as NDJSON");
    QVERIFY2(lines.at(1).startsWith(name + ":2: not valid JSON"), lines.at(1).constData());
    QCOMPARE(lines.at(2), name + ":3: missing target");
    QCOMPARE(lines.at(3), "hookscope: imported 2 events from " + name + " (2 lines refused)");

    // What was there is unchanged; the imported copies are retries of the first event's key.
    const Finished after = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, home);
    const QByteArrayList all = linesOf(after.out);
    QCOMPARE(all.size(), 4);
    QCOMPARE(all.mid(0, 2), good);
    const QList<QJsonObject> records = parseLines(after.out);
    QCOMPARE(idsOf(records), QList<qint64>({1, 2, 3, 4}));
    QCOMPARE(records.at(2).value(QLatin1String("duplicate_of")), QJsonValue(1));
    QCOMPARE(records.at(3).value(QLatin1String("duplicate_of")), QJsonValue(1));
}

void TestCommandLine::importChecksEveryFileFirst_data()
{
    QTest::addColumn<QString>("bad"); // relative to the temporary folder
    QTest::addColumn<QByteArray>("content"); // written unless null
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("a missing file") << "missing.ndjson" << QByteArray() << QByteArray("missing.ndjson: ");
    QTest::newRow("a folder") << "." << QByteArray() << QByteArray("a folder");
    QTest::newRow("a JSON array") << "array.json" << QByteArray("[{\"id\":1}]\n") << QByteArray("a JSON array");
    QTest::newRow("CSV") << "out.csv" << QByteArray("id,received_at\r\n") << QByteArray("neither NDJSON nor HAR");
}

void TestCommandLine::importChecksEveryFileFirst()
{
    QFETCH(QString, bad);
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, says);
    TempHistory dir;
    const QString source = dir.path(QStringLiteral("source.sqlite"));
    QVERIFY(fillHistory(source, 2));
    const QString good = dir.path(QStringLiteral("good.ndjson"));
    QVERIFY(runHookscope({QStringLiteral("export"), QStringLiteral("--db"), source, QStringLiteral("-o"), good},
                dir.path(QString()))
                .exitCode
        == 0);
    const QString badPath = dir.path(bad);
    if (!content.isNull()) {
        QVERIFY(writeFile(badPath, content));
    }
    const QString db = dir.path(QStringLiteral("into.sqlite"));
    const Finished f
        = runHookscope({QStringLiteral("import"), QStringLiteral("--db"), db, good, badPath}, dir.path(QString()));
    QVERIFY2(f.finished && f.status == QProcess::NormalExit, describe(f).constData());
    QCOMPARE(f.exitCode, int(CommandLine::Failed));
    QVERIFY2(
        linesOf(f.err).size() == 1 && f.err.startsWith("hookscope: import: " + badPath.toUtf8()), f.err.constData());
    QVERIFY2(f.err.contains(says), f.err.constData());
    // Nothing imported, not even the good file, and no history created.
    QVERIFY(!QFileInfo::exists(db));
}

void TestCommandLine::importFromStdin()
{
    TempHistory dir;
    const QString source = dir.path(QStringLiteral("source.sqlite"));
    QVERIFY(fillHistory(source, 3));
    for (const QString& format : {QStringLiteral("ndjson"), QStringLiteral("har")}) {
        const Finished exported = runHookscope(
            {QStringLiteral("export"), QStringLiteral("--db"), source, QStringLiteral("--format"), format},
            dir.path(QString()));
        QVERIFY(exported.exitCode == 0);
        const QString db = dir.path(format + QStringLiteral(".sqlite"));
        const Finished f
            = runHookscopeWithInput({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("-")},
                dir.path(QString()), exported.out);
        QVERIFY2(f.finished && f.exitCode == 0, describe(f).constData());
        QCOMPARE(linesOf(f.err).constLast(), QByteArray("hookscope: imported 3 events from stdin"));
        const Finished check
            = runHookscope({QStringLiteral("export"), QStringLiteral("--db"), db}, dir.path(QString()));
        QCOMPARE(bodiesOf(check.out),
            bodiesOf(
                runHookscope({QStringLiteral("export"), QStringLiteral("--db"), source}, dir.path(QString())).out));
    }
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
