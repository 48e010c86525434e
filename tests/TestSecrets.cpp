#include "Secrets.h"

#include <QDirIterator>
#include <QFile>
#include <QSettings>
#include <QtTest>

/// Run by CTest twice (tests/CMakeLists.txt): inside with-keyring.sh against a real gnome-keyring
/// (HOOKSCOPE_TEST_KEYCHAIN=present), and with no session bus (=absent).
class TestSecrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void overwriteAndRemove();
    void missingEntry();
    void asynchronousWrite();

private:
    bool m_keychain = false;
};

void TestSecrets::initTestCase()
{
    const QByteArray mode = qgetenv("HOOKSCOPE_TEST_KEYCHAIN");
    QVERIFY2(mode == "present" || mode == "absent", "run through CTest: it sets HOOKSCOPE_TEST_KEYCHAIN");
    m_keychain = mode == "present";
    if (m_keychain) {
        // Never the user's keyring: with-keyring.sh gave this process a home of its own.
        QVERIFY(!qEnvironmentVariableIsEmpty("HOOKSCOPE_TEST_HOME"));
        QCOMPARE(QDir::homePath(), qEnvironmentVariable("HOOKSCOPE_TEST_HOME"));
    }
}

void TestSecrets::roundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("secret");

    QTest::newRow("bearer token") << QStringLiteral("target:http://localhost:3000/hooks")
                                  << QByteArray("tok_live_5b0c1e9a");
    QTest::newRow("binary HMAC key with NUL")
        << QStringLiteral("target:https://example.test/in") << QByteArray("\x00\xff\x10key\x00", 7);
    QTest::newRow("unicode key") << QStringLiteral("target:http://caf\u00e9.test/\u2713")
                                 << QByteArray("s\xc3\xa9" "cret");
}

void TestSecrets::roundTrip()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, secret);
    Secrets writer;
    const Secrets::Result written = writer.writeNow(key, secret);
    QVERIFY2(written.ok, qPrintable(written.message));
    if (m_keychain) {
        QCOMPARE(written.where, Secrets::Where::Keychain);
        QVERIFY2(written.message.isEmpty(), qPrintable(written.message));
    } else {
        QCOMPARE(written.where, Secrets::Where::ThisRunOnly);
        QVERIFY2(written.message.contains(QLatin1String("this run only")), qPrintable(written.message));
    }
    QCOMPARE(writer.readNow(key).secret, secret);

    // Another object has none of the first one's memory: only the keychain can give it the secret.
    Secrets reader;
    const Secrets::Result read = reader.readNow(key);
    QCOMPARE(read.ok, m_keychain);
    if (m_keychain) {
        QCOMPARE(read.secret, secret);
        QCOMPARE(read.where, Secrets::Where::Keychain);
        // Nothing under the (throwaway) home holds the secret in the clear: no settings file, no
        // fallback store; the keyring file is encrypted.
        QDirIterator files(QDir::homePath(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int looked = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            if (file.open(QIODevice::ReadOnly)) {
                ++looked;
                QVERIFY2(!file.readAll().contains(secret), qPrintable(file.fileName()));
            }
        }
        QVERIFY(looked > 0); // the keyring file at least
    }
    QVERIFY(writer.removeNow(key).ok);
}

void TestSecrets::overwriteAndRemove()
{
    const QString key = QStringLiteral("target:http://127.0.0.1:9000/");
    Secrets secrets;
    QVERIFY(secrets.writeNow(key, "first").ok);
    QVERIFY(secrets.writeNow(key, "second").ok);
    QCOMPARE(secrets.readNow(key).secret, QByteArray("second"));
    const Secrets::Result removed = secrets.removeNow(key);
    QVERIFY2(removed.ok, qPrintable(removed.message));
    const Secrets::Result gone = secrets.readNow(key);
    QVERIFY(!gone.ok);
    QVERIFY(gone.secret.isEmpty());
    QVERIFY(!gone.message.isEmpty());
}

void TestSecrets::missingEntry()
{
    Secrets secrets;
    const Secrets::Result r = secrets.readNow(QStringLiteral("target:never-written"));
    QVERIFY(!r.ok);
    QCOMPARE(r.where, Secrets::Where::Nowhere);
    QVERIFY(!r.message.isEmpty());
}

void TestSecrets::asynchronousWrite()
{
    Secrets secrets;
    bool called = false;
    Secrets::Result result;
    secrets.write(QStringLiteral("target:async"), "async-secret", [&](const Secrets::Result& r) {
        called = true;
        result = r;
    });
    QTRY_VERIFY(called);
    QVERIFY(result.ok);
    QCOMPARE(result.where, m_keychain ? Secrets::Where::Keychain : Secrets::Where::ThisRunOnly);
    QVERIFY(secrets.removeNow(QStringLiteral("target:async")).ok);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "TestSecrets.moc"
