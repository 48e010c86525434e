#include "Catalog.h"

#include <QtTest>

class TestCatalog : public QObject
{
    Q_OBJECT

private slots:
    void builtInMatchesTheProviderDocument();
    void offers_data();
    void offers();
    void refusesADocumentWithoutChannels();
};

void TestCatalog::builtInMatchesTheProviderDocument()
{
    const Catalog& c = Catalog::builtIn();
    QCOMPARE(c.channels().size(), 31);
    QCOMPARE(c.eventCount(), 77);
    QCOMPARE(c.environments(), QStringList({QStringLiteral("staging"), QStringLiteral("production")}));
}

void TestCatalog::offers_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("offered");
    QTest::newRow("invoices created") << "invoices"
                                      << "created" << true;
    QTest::newRow("business only updated") << "business"
                                           << "updated" << true;
    QTest::newRow("business created is not offered") << "business"
                                                     << "created" << false;
    QTest::newRow("wallet transactions created") << "wallet_transactions"
                                                 << "created" << true;
    QTest::newRow("wallet transactions deleted is not offered") << "wallet_transactions"
                                                                << "deleted" << false;
    QTest::newRow("income tax payments deleted") << "income_tax_payments"
                                                 << "deleted" << true;
    QTest::newRow("income tax payments updated is not offered") << "income_tax_payments"
                                                                << "updated" << false;
    QTest::newRow("ledgers deleted") << "ledgers"
                                     << "deleted" << true;
    QTest::newRow("unknown channel") << "ledger"
                                     << "created" << false;
}

void TestCatalog::offers()
{
    QFETCH(QString, channel);
    QFETCH(QString, action);
    QFETCH(bool, offered);
    QCOMPARE(Catalog::builtIn().offers(channel, action), offered);
}

void TestCatalog::refusesADocumentWithoutChannels()
{
    QString error;
    const Catalog c = Catalog::fromJson("{\"channels\":[]}", &error);
    QVERIFY(c.channels().isEmpty());
    QVERIFY(!error.isEmpty());
    Catalog::fromJson("not json", &error);
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "TestCatalog.moc"
