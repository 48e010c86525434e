#include "CaptureChecks.h"
#include "CaptureServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "ProviderTools.h"
#include "RawHttpClient.h"
#include "Secrets.h"
#include "SignatureDialog.h"
#include "SignatureSettings.h"
#include "TestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

namespace {

// RFC 4231, test case 2.
const QByteArray RfcKey = "Jefe";
const QByteArray RfcBody = "what do ya want for nothing?";
const QByteArray RfcDigestHex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

// The Standard Webhooks specification's example (standard-webhooks/standard-webhooks, spec/).
const QByteArray SwSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray SwBody = R"({"test": 2432232314})";
const QByteArray SwHeaders = "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\r\nwebhook-timestamp: 1614265330\r\n"
                             "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\r\n";

} // namespace

/// The signature check settings in the window, against the real keychain (tests/with-keyring.sh)
/// and the real server, with the RFC 4231 and Standard Webhooks vectors.
class TestSignatureDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void hmacRuleFromTheDialogChecksTheWire();
    void standardWebhooksVector();
    void aRuleWithoutASecretIsRefused();
    void rulesComeBackWithTheirSecretsInANewWindow();

private:
    void openWindow();
    SignatureDialog* openDialog();
    bool applyDialog(SignatureDialog* dialog);
    /// POSTs @p body with @p headers; the answer's status and the stored event's problems.
    int post(
        const QByteArray& body, const QByteArray& headers, QStringList* problems, const QByteArray& path = "/hooks");

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestSignatureDialog::initTestCase()
{
    QVERIFY2(
        qgetenv("HOOKSCOPE_TEST_KEYCHAIN") == "present", "run through CTest: it starts a keyring (with-keyring.sh)");
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestSignatureDialog"));
    Secrets secrets;
    const Secrets::Result written = secrets.writeNow(QStringLiteral("probe"), "x");
    QVERIFY2(written.ok && written.where == Secrets::Where::Keychain, qPrintable(written.message));
    secrets.removeNow(QStringLiteral("probe"));
}

void TestSignatureDialog::init()
{
    QSettings().clear();
    Secrets().removeNow(SignatureSettings::keychainKey({}));
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY(store.open(m_history->path()));
    openWindow();
}

void TestSignatureDialog::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
}

void TestSignatureDialog::openWindow()
{
    m_window.reset();
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY(m_model->open(m_history->path()));
    QVERIFY(m_server->start(m_history->path()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
}

SignatureDialog* TestSignatureDialog::openDialog()
{
    m_window->findChild<QAction*>(QStringLiteral("signatureChecksAction"))->trigger();
    return m_window->providerTools()->signatureDialog();
}

bool TestSignatureDialog::applyDialog(SignatureDialog* dialog)
{
    QSignalSpy finished(dialog, &SignatureDialog::finished);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply)->click();
    return (!finished.isEmpty() || finished.wait(10000)) && finished.constFirst().at(0).toBool();
}

int TestSignatureDialog::post(
    const QByteArray& body, const QByteArray& headers, QStringList* problems, const QByteArray& path)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body, path, headers));
    const RawHttpClient::Response r = client.readResponse();
    EventStore store;
    if (store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        QList<qint64> newest = store.ids({}, 0, nullptr, 1);
        *problems = newest.isEmpty() ? QStringList() : store.event(newest.constFirst()).problems;
    }
    return r.status;
}

void TestSignatureDialog::hmacRuleFromTheDialogChecksTheWire()
{
    SignatureDialog* dialog = openDialog();
    QVERIFY(dialog);
    dialog->addRule();
    dialog->findChild<QComboBox*>(QStringLiteral("signatureKindComboBox"))->setCurrentIndex(0); // HMAC-SHA256
    dialog->findChild<QComboBox*>(QStringLiteral("signatureEncodingComboBox"))->setCurrentIndex(0); // hex
    dialog->setSecret(QString::fromLatin1(RfcKey));
    QVERIFY2(applyDialog(dialog), qPrintable(dialog->status()));

    // The secret is in the keychain, under the entry `serve --verify` reads, and nowhere in the settings.
    const Secrets::Result kept = Secrets().readNow(QStringLiteral("verify:/"));
    QVERIFY(kept.ok);
    QCOMPARE(kept.where, Secrets::Where::Keychain);
    QCOMPARE(kept.secret, RfcKey);
    QVERIFY(QSettings().contains(QStringLiteral("signatures/rules")));
    QVERIFY(!QSettings().value(QStringLiteral("signatures/rules")).toByteArray().contains(RfcKey));
    QCOMPARE(m_window->providerTools()->checks()->signatures()->rules().size(), 1);

    const auto unverified = [](const QStringList& problems) {
        return problems.filter(QStringLiteral("unverified: ")).join(QLatin1Char('\n'));
    };
    QStringList problems;
    QCOMPARE(post(RfcBody, "X-Signature: " + RfcDigestHex + "\r\n", &problems), 200);
    QCOMPARE(unverified(problems), QString());
    QCOMPARE(post(RfcBody, "X-Signature: sha256=" + RfcDigestHex + "\r\n", &problems), 200);
    QCOMPARE(unverified(problems), QString());
    QCOMPARE(post(RfcBody + "!", "X-Signature: " + RfcDigestHex + "\r\n", &problems), 401);
    QCOMPARE(unverified(problems), QStringLiteral("unverified: signature in X-Signature does not match the body"));
    QCOMPARE(post(RfcBody, {}, &problems), 401);
    QCOMPARE(unverified(problems), QStringLiteral("unverified: missing header X-Signature"));

    // The answer to an unverified webhook is the dialog's to choose: 0 answers as usual.
    dialog->findChild<QSpinBox*>(QStringLiteral("unverifiedStatusSpinBox"))->setValue(0);
    QVERIFY(applyDialog(dialog));
    QCOMPARE(post(RfcBody, {}, &problems), 200);
    QCOMPARE(unverified(problems), QStringLiteral("unverified: missing header X-Signature"));
}

void TestSignatureDialog::standardWebhooksVector()
{
    SignatureDialog* dialog = openDialog();
    QVERIFY(dialog);
    dialog->addRule();
    auto* kind = dialog->findChild<QComboBox*>(QStringLiteral("signatureKindComboBox"));
    kind->setCurrentIndex(kind->findData(int(SignatureRule::Kind::StandardWebhooks)));
    dialog->findChild<QSpinBox*>(QStringLiteral("toleranceSpinBox"))->setValue(0); // the vector is from 2021
    dialog->setSecret(QString::fromLatin1(SwSecret));
    QVERIFY2(applyDialog(dialog), qPrintable(dialog->status()));
    QStringList problems;
    QCOMPARE(post(SwBody, SwHeaders, &problems), 200);
    QCOMPARE(problems.filter(QStringLiteral("unverified")), QStringList());
    QCOMPARE(post(R"({"test": 2432232315})", SwHeaders, &problems), 401);
    QCOMPARE(problems.filter(QStringLiteral("unverified")),
        QStringList {QStringLiteral("unverified: no signature in webhook-signature matches the body")});
}

void TestSignatureDialog::aRuleWithoutASecretIsRefused()
{
    SignatureDialog* dialog = openDialog();
    QVERIFY(dialog);
    dialog->addRule(); // no secret typed, none in the keychain
    QVERIFY(!applyDialog(dialog));
    QVERIFY(dialog->status().contains(QStringLiteral("verify:/")));
    QVERIFY(m_window->providerTools()->checks()->signatures()->rules().isEmpty());
    QStringList problems;
    QCOMPARE(post(RfcBody, {}, &problems), 200);
}

void TestSignatureDialog::rulesComeBackWithTheirSecretsInANewWindow()
{
    SignatureDialog* dialog = openDialog();
    dialog->addRule();
    dialog->setSecret(QString::fromLatin1(RfcKey));
    QVERIFY(applyDialog(dialog));
    openWindow();
    // Read back from the settings and the keychain, asynchronously, then in use.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->providerTools()->checks()->signatures()->rules().size(), 1, 10000);
    QCOMPARE(m_window->providerTools()->checks()->signatures()->rules().constFirst().secret, RfcKey);
    QStringList problems;
    QCOMPARE(post(RfcBody, "X-Signature: " + RfcDigestHex + "\r\n", &problems), 200);
    QCOMPARE(post(RfcBody, "X-Signature: 00\r\n", &problems), 401);
    // A second dialog shows the rule, never its secret.
    SignatureDialog* again = openDialog();
    QCOMPARE(again->rules().size(), 1);
    QVERIFY(again->rules().constFirst().secret.isEmpty());
}

QTEST_MAIN(TestSignatureDialog)
#include "TestSignatureDialog.moc"
