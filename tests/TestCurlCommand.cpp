#include "CaptureServer.h"
#include "CurlCommand.h"
#include "EventStore.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QProcess>
#include <QtTest>

#include <memory>

Q_DECLARE_METATYPE(HttpHeaders)

/// The clipboard texts, and the cURL command run for real against a capture server.
class TestCurlCommand : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void quote_data();
    void quote();
    void bodyText_data();
    void bodyText();
    void commandText();
    void replaysTheRequest_data();
    void replaysTheRequest();

private:
    /// The newest event of the history, read through its own connection.
    StoredEvent newest();

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
};

void TestCurlCommand::init()
{
    m_history = std::make_unique<TempHistory>();
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    QVERIFY2(m_server->start(m_history->path()), qPrintable(m_server->errorString()));
}

void TestCurlCommand::cleanup()
{
    m_server.reset();
    m_history.reset();
}

StoredEvent TestCurlCommand::newest()
{
    EventStore store;
    if (!store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        return {};
    }
    const QList<qint64> ids = store.ids(EventFilter());
    return ids.isEmpty() ? StoredEvent() : store.event(ids.first());
}

void TestCurlCommand::quote_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << QByteArray("abc") << QStringLiteral("'abc'");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("''");
    QTest::newRow("single quotes") << QByteArray("it's 'x'") << QStringLiteral("'it'\\''s '\\''x'\\'''");
    QTest::newRow("shell characters stay literal")
        << QByteArray("$HOME `id` \\ \"*\"") << QStringLiteral("'$HOME `id` \\ \"*\"'");
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9") << QStringLiteral("'caf\u00e9'");
    QTest::newRow("not utf-8") << QByteArray("a\xff'\\") << QStringLiteral("$'a\\377\\047\\134'");
    QTest::newRow("newline") << QByteArray("a\nb") << QStringLiteral("$'a\\012b'");
}

void TestCurlCommand::quote()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, quoted);
    QCOMPARE(CurlCommand::quote(bytes), quoted);
}

void TestCurlCommand::bodyText_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::newRow("json") << QByteArray("{\"a\":\"\xc3\xa9\"}") << QStringLiteral("{\"a\":\"\u00e9\"}");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("binary") << QByteArray("\x00\xff\x01", 3) << QStringLiteral("AP8B");
}

void TestCurlCommand::bodyText()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QCOMPARE(CurlCommand::bodyText(body), text);
}

void TestCurlCommand::commandText()
{
    StoredEvent e;
    e.method = "POST";
    e.target = "/webhook?x=1";
    e.path = "/webhook";
    e.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}, {"Content-Length", "9"},
        {"Connection", "keep-alive, X-Hop"}, {"X-Hop", "1"}, {"X-Note", "don't"}};
    e.body = "{\"a\":\"'\"}";
    QCOMPARE(CurlCommand::build(e, QStringLiteral("http://127.0.0.1:8787/")),
        QStringLiteral("curl -X 'POST' 'http://127.0.0.1:8787/webhook?x=1' -H 'Content-Type: application/json'"
                       " -H 'X-Note: don'\\''t' --data-binary '{\"a\":\"'\\''\"}'"));
    QVERIFY(!CurlCommand::build(e, QStringLiteral("http://127.0.0.1:8787/")).contains(QLatin1Char('\n')));
}

void TestCurlCommand::replaysTheRequest_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("body");

    QByteArray every;
    for (int i = 0; i < 256; ++i) {
        every.append(static_cast<char>(i));
    }
    QTest::newRow("json body") << QByteArray("POST") << QByteArray("/webhook")
                               << HttpHeaders {{"Host", "elsewhere"}, {"Content-Type", "application/json"},
                                      {"Content-Length", "999"}, {"X-Signature", "sha256=abc"}}
                               << providerWebhook();
    QTest::newRow("single quotes") << QByteArray("POST") << QByteArray("/hooks/it's?q='x'")
                                   << HttpHeaders {{"Content-Type", "application/json"}, {"X-Note", "don't"}}
                                   << QByteArray("{\"message\":\"it's 'quoted' '\\\\''\"}");
    QTest::newRow("binary body") << QByteArray("PUT") << QByteArray("/upload")
                                 << HttpHeaders {{"Content-Type", "application/octet-stream"}} << every + every;
    QTest::newRow("repeated headers") << QByteArray("POST") << QByteArray("/webhook")
                                      << HttpHeaders {{"Connection", "keep-alive"}, {"X-Tag", "a"}, {"X-Tag", "b"},
                                             {"Content-Type", "text/plain"}, {"X-Empty", ""}, {"X-Tag", "c"}}
                                      << QByteArray("hello");
    QTest::newRow("multi-line utf-8 text")
        << QByteArray("PATCH") << QByteArray("/a") << HttpHeaders {{"Content-Type", "application/json"}}
        << QByteArray("{\n\t\"name\": \"caf\xc3\xa9 100%\\n\"\n}\n");
    QTest::newRow("body starting with @") << QByteArray("POST") << QByteArray("/at")
                                          << HttpHeaders {{"Content-Type", "text/plain"}} << QByteArray("@/etc/passwd");
    QTest::newRow("no content type") << QByteArray("POST") << QByteArray("/form") << HttpHeaders {}
                                     << QByteArray("a=b&c=d");
    QTest::newRow("get without body") << QByteArray("GET") << QByteArray("/status?x[]=1&y={2}") << HttpHeaders {}
                                      << QByteArray();
    QTest::newRow("dot segments") << QByteArray("DELETE") << QByteArray("/a/../b/./c") << HttpHeaders {}
                                  << QByteArray();
}

void TestCurlCommand::replaysTheRequest()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, body);
    StoredEvent original;
    original.method = method;
    original.target = target;
    original.path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
    original.headers = headers;
    original.body = body;
    const QString command = CurlCommand::build(original, m_server->url());
    QVERIFY(!command.contains(QLatin1Char('\n')));

    // bash, and a POSIX shell (dash) too when the command uses no bash-only quoting.
    QStringList shells {QStringLiteral("bash")};
    if (!command.contains(QLatin1String("$'"))) {
        shells << QStringLiteral("sh");
    }
    for (const QString& shell : shells) {
        QProcess process;
        process.start(shell, {QStringLiteral("-c"), command + QStringLiteral(" --silent --show-error --fail")});
        QVERIFY(process.waitForFinished(15000));
        QVERIFY2(process.exitCode() == 0,
            qPrintable(command + QLatin1Char('\n') + QString::fromLocal8Bit(process.readAllStandardError())));

        // The server answers once the event is committed: it is in the history now.
        const StoredEvent stored = newest();
        QVERIFY2(stored.id > 0, qPrintable(command));
        QCOMPARE(stored.method, method);
        QCOMPARE(stored.target, target);
        QCOMPARE(stored.body, body);
        // The fields we sent, in order, repeats kept; curl adds its own (Host, User-Agent, ...).
        HttpHeaders expected;
        for (const HttpHeader& h : headers) {
            const QByteArray name = h.name.toLower();
            if (name != "host" && name != "content-length" && name != "connection") {
                expected.append(h);
            }
        }
        HttpHeaders sent;
        for (const HttpHeader& h : stored.headers) {
            for (const HttpHeader& wanted : expected) {
                if (h.name.compare(wanted.name, Qt::CaseInsensitive) == 0) {
                    sent.append(h);
                    break;
                }
            }
        }
        QCOMPARE(flatten(sent), flatten(expected));
        bool hasContentType = false;
        for (const HttpHeader& h : stored.headers) {
            hasContentType = hasContentType || h.name.compare("content-type", Qt::CaseInsensitive) == 0;
        }
        bool hadContentType = false;
        for (const HttpHeader& h : headers) {
            hadContentType = hadContentType || h.name.compare("content-type", Qt::CaseInsensitive) == 0;
        }
        QCOMPARE(hasContentType, hadContentType);
    }
}

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "TestCurlCommand.moc"
