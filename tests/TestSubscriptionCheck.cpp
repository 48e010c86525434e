#include "SubscriptionCheck.h"
#include "SubscriptionProfile.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

namespace {

QStringList strings(std::initializer_list<const char*> texts)
{
    QStringList out;
    for (const char* text : texts) {
        out.append(QString::fromUtf8(text));
    }
    return out;
}

const QString Staging = QStringLiteral("staging");
const QString Production = QStringLiteral("production");

} // namespace

/// The subscription profile, the provider's ledger rule, and the problems events get at capture.
class TestSubscriptionCheck : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ruleIsQuotedAsTheProviderWroteIt();
    void profileCheck_data();
    void profileCheck();
    void profileIsKeptInTheSettings();
    void eventOutsideTheProfileIsFlagged();
    void undeclaredEnvironmentsAreNotChecked();
    void ledgersAfterOtherChannelsBreakTheRule();
    void seenChannelsFromTheHistoryCount();
    void unknownChannelsAndEnvironmentsAreLeftToTheEnvelope();
};

void TestSubscriptionCheck::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestSubscriptionCheck"));
    QSettings().clear();
}

void TestSubscriptionCheck::ruleIsQuotedAsTheProviderWroteIt()
{
    QFile spec(QStringLiteral(HOOKSCOPE_SOURCE_DIR "/../shared/spec/provider-webhooks.txt"));
    if (!spec.open(QIODevice::ReadOnly)) {
        QSKIP("the provider's documentation is not next to the sources");
    }
    QVERIFY(QString::fromUtf8(spec.readAll()).contains(SubscriptionProfile::providerRule()));
}

void TestSubscriptionCheck::profileCheck_data()
{
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<bool>("usable");
    QTest::newRow("some channels") << strings({"invoices", "sales"}) << true;
    QTest::newRow("ledgers alone") << strings({"ledgers"}) << true;
    QTest::newRow("nothing: every event is outside") << QStringList() << true;
    QTest::newRow("ledgers with another") << strings({"ledgers", "invoices"}) << false;
    QTest::newRow("a channel the catalog lacks") << strings({"nosuch"}) << false;
}

void TestSubscriptionCheck::profileCheck()
{
    QFETCH(QStringList, channels);
    QFETCH(bool, usable);
    SubscriptionProfile profile;
    profile.setChannels(Production, {QStringLiteral("invoices")});
    profile.setChannels(Staging, channels);
    QCOMPARE(profile.check().isEmpty(), usable);
    if (channels.contains(QStringLiteral("ledgers")) && !usable) {
        QVERIFY(profile.check().contains(SubscriptionProfile::providerRule()));
    }
}

void TestSubscriptionCheck::profileIsKeptInTheSettings()
{
    SubscriptionProfile profile;
    profile.setChannels(Staging, {QStringLiteral("sales"), QStringLiteral("invoices"), QStringLiteral("sales")});
    profile.setChannels(Production, {});
    profile.save();
    const SubscriptionProfile loaded = SubscriptionProfile::load();
    QCOMPARE(loaded, profile);
    QCOMPARE(loaded.channels(Staging), strings({"invoices", "sales"}));
    QVERIFY(loaded.isDeclared(Production));
    SubscriptionProfile().save();
    QVERIFY(SubscriptionProfile::load().environments().isEmpty());
}

void TestSubscriptionCheck::eventOutsideTheProfileIsFlagged()
{
    SubscriptionCheck check;
    SubscriptionProfile profile;
    profile.setChannels(Staging, {QStringLiteral("invoices")});
    check.setProfile(profile);
    QCOMPARE(check.check(QStringLiteral("invoices"), Staging), QStringList());
    QCOMPARE(check.check(QStringLiteral("sales"), Staging),
        strings({"outside the subscription profile: staging is not subscribed to sales"}));
}

void TestSubscriptionCheck::undeclaredEnvironmentsAreNotChecked()
{
    SubscriptionCheck check;
    SubscriptionProfile profile;
    profile.setChannels(Staging, {QStringLiteral("invoices")});
    check.setProfile(profile);
    QCOMPARE(check.check(QStringLiteral("sales"), Production), QStringList());
}

void TestSubscriptionCheck::ledgersAfterOtherChannelsBreakTheRule()
{
    SubscriptionCheck check;
    QCOMPARE(check.check(QStringLiteral("ledgers"), Staging), QStringList());
    QCOMPARE(check.check(QStringLiteral("ledgers"), Staging), QStringList());
    QCOMPARE(check.check(QStringLiteral("invoices"), Staging), QStringList());
    QCOMPARE(check.check(QStringLiteral("ledgers"), Staging),
        strings({"ledger rule: staging also delivered invoices; the provider: \"You cannot subscribe to the Ledger "
                 "channel and other channels.\""}));
    // Another environment is another subscription.
    QCOMPARE(check.check(QStringLiteral("ledgers"), Production), QStringList());
    QCOMPARE(check.seen(Staging), strings({"invoices", "ledgers"}));
    // Both rules at once: outside the profile, and ledgers with others.
    SubscriptionProfile profile;
    profile.setChannels(Staging, {QStringLiteral("invoices")});
    check.setProfile(profile);
    QCOMPARE(check.check(QStringLiteral("ledgers"), Staging).size(), 2);
}

void TestSubscriptionCheck::seenChannelsFromTheHistoryCount()
{
    SubscriptionCheck check;
    check.addSeen(Production,
        {QStringLiteral("a"), QStringLiteral("sales"), QStringLiteral("bills"), QStringLiteral("expenses"),
            QStringLiteral("quotes")});
    QCOMPARE(check.seen(Production), strings({"bills", "expenses", "quotes", "sales"})); // "a" is no channel
    QCOMPARE(check.check(QStringLiteral("ledgers"), Production),
        strings({"ledger rule: production also delivered bills, expenses, quotes and 1 more; the provider: \"You "
                 "cannot subscribe to the Ledger channel and other channels.\""}));
    check.setSeen({});
    QCOMPARE(check.seen(Production), QStringList());
}

void TestSubscriptionCheck::unknownChannelsAndEnvironmentsAreLeftToTheEnvelope()
{
    SubscriptionCheck check;
    SubscriptionProfile profile;
    profile.setChannels(Staging, {QStringLiteral("invoices")});
    check.setProfile(profile);
    QCOMPARE(check.check(QStringLiteral("nosuch"), Staging), QStringList());
    QCOMPARE(check.check(QStringLiteral("sales"), QStringLiteral("dev")), QStringList());
    QCOMPARE(check.check(QStringLiteral("sales"), QString()), QStringList());
    QVERIFY(check.seen(Staging).isEmpty());
}

QTEST_GUILESS_MAIN(TestSubscriptionCheck)
#include "TestSubscriptionCheck.moc"
