#include "DeliveryTools.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "ExportDialog.h"
#include "ImportDialog.h"
#include "NdjsonRecord.h"
#include "WindowHarness.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

Q_DECLARE_METATYPE(ExportWriter::Format)

/// Export and import from the window (offscreen), on a real history behind a real capture server:
/// each format written whole, a cancelled export leaving nothing, the import's report.
class TestExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void exportWritesEachFormat_data();
    void exportWritesEachFormat();
    void exportsOnlyTheSelection();
    void cancelLeavesNoFile_data();
    void cancelLeavesNoFile();
    void replacingAFileAsksFirst();
    void importShowsTheReport();
    void importRefusesAFileItDoesNotKnow();

private:
    ExportDialog* openExport();
    /// Three events: two provider webhooks and a form post; their ids.
    QList<qint64> postThree();
    /// @p count events written straight into the history (faster than posting them).
    void insert(int count);
    QByteArray read(const QString& path) const;
    DeliveryTools* tools() const { return m_window->window()->deliveryTools(); }

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<QTemporaryDir> m_out;
    std::unique_ptr<WindowHarness> m_window;
    QStringList m_questions;
    bool m_answer = true;
};

void TestExportDialog::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    m_out = std::make_unique<QTemporaryDir>();
    WindowHarness::isolateSettings(m_home->filePath(QStringLiteral("config")), QStringLiteral("TestExportDialog"));
    QSettings().clear();
    m_questions.clear();
    m_answer = true;
    m_window = std::make_unique<WindowHarness>();
    QVERIFY(m_window->open());
    Prompts prompts;
    prompts.confirm = [this](const QString& question) {
        m_questions << question;
        return m_answer;
    };
    prompts.warn = [this](const QString& message) { m_questions << message; };
    tools()->setPrompts(prompts);
}

void TestExportDialog::cleanup()
{
    m_window.reset();
    m_out.reset();
    m_home.reset();
}

ExportDialog* TestExportDialog::openExport()
{
    return m_window->trigger(QStringLiteral("exportAction")) ? tools()->exportDialog() : nullptr;
}

QList<qint64> TestExportDialog::postThree()
{
    const QList<qint64> ids {m_window->post(providerWebhook("invoices.created", newKey())),
        m_window->post(providerWebhook("clients.updated", newKey(), "production")), m_window->post("a=b&c=d")};
    const bool listed = QTest::qWaitFor([&] { return m_window->model()->rowCount() == 3; });
    return listed ? ids : QList<qint64>();
}

void TestExportDialog::insert(int count)
{
    EventStore store;
    QVERIFY(store.open(m_window->historyPath(), EventStore::OpenMode::MustExist));
    QVERIFY(store.begin());
    for (int i = 0; i < count; ++i) {
        StoredEvent e;
        e.receivedAtMs = 1795917180000 + i;
        e.method = "POST";
        e.target = "/hooks";
        e.path = "/hooks";
        e.httpVersion = "HTTP/1.1";
        e.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}};
        e.body = providerWebhook("invoices.created", newKey());
        e.event = QStringLiteral("invoices.created");
        e.responseStatus = 200;
        QVERIFY(store.insert(e));
    }
    QVERIFY(store.commit());
}

QByteArray TestExportDialog::read(const QString& path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestExportDialog::exportWritesEachFormat_data()
{
    QTest::addColumn<ExportWriter::Format>("format");
    QTest::addColumn<QString>("name");

    QTest::newRow("ndjson") << ExportWriter::Format::Ndjson << "out.ndjson";
    QTest::newRow("json") << ExportWriter::Format::JsonArray << "out.json";
    QTest::newRow("csv") << ExportWriter::Format::Csv << "out.csv";
    QTest::newRow("har") << ExportWriter::Format::Har << "out.har";
    QTest::newRow("fixtures") << ExportWriter::Format::Fixtures << "fixtures";
}

void TestExportDialog::exportWritesEachFormat()
{
    QFETCH(ExportWriter::Format, format);
    QFETCH(QString, name);
    const QList<qint64> ids = postThree();
    QCOMPARE(ids.size(), 3);
    ExportDialog* dialog = openExport();
    QVERIFY(dialog);
    dialog->setFormat(format);
    const QString path = m_out->filePath(name);
    dialog->setPath(path);
    QVERIFY(dialog->findChild<QRadioButton*>(QStringLiteral("exportShownRadioButton"))->isChecked());
    dialog->findChild<QPushButton*>(QStringLiteral("exportButton"))->click();
    auto* status = dialog->findChild<QLabel*>(QStringLiteral("exportStatusLabel"));
    QTRY_COMPARE(status->text(), QStringLiteral("Exported 3 event(s) to %1.").arg(path));
    QVERIFY(m_questions.isEmpty());

    const QByteArray bytes = read(path);
    switch (format) {
    case ExportWriter::Format::Ndjson: {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(QJsonDocument::fromJson(lines.at(i)).object().value(QStringLiteral("id")).toInteger(), ids.at(i));
        }
        break;
    }
    case ExportWriter::Format::JsonArray:
        QCOMPARE(QJsonDocument::fromJson(bytes).array().size(), 3);
        break;
    case ExportWriter::Format::Csv:
        QVERIFY(bytes.startsWith("id,received_at,method,target,"));
        QCOMPARE(bytes.count("\r\n"), 4); // the header row and one row per event
        break;
    case ExportWriter::Format::Har: {
        const QJsonObject log = QJsonDocument::fromJson(bytes).object().value(QStringLiteral("log")).toObject();
        QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
        QCOMPARE(log.value(QStringLiteral("entries")).toArray().size(), 3);
        break;
    }
    case ExportWriter::Format::Fixtures: {
        const QStringList files = QDir(path).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
        QCOMPARE(files,
            (QStringList {QStringLiteral("clients.updated-%1.json").arg(ids.at(1)),
                QStringLiteral("invoices.created-%1.json").arg(ids.at(0)),
                QStringLiteral("request-%1.json").arg(ids.at(2))}));
        // Nothing else is left in the folder: the staging folder is gone.
        QCOMPARE(QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 3);
        break;
    }
    }
}

void TestExportDialog::exportsOnlyTheSelection()
{
    const QList<qint64> ids = postThree();
    QCOMPARE(ids.size(), 3);
    QVERIFY(m_window->select({ids.at(2), ids.at(0)}));
    ExportDialog* dialog = openExport();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QRadioButton*>(QStringLiteral("exportSelectionRadioButton"))->isChecked());
    const QString path = m_out->filePath(QStringLiteral("selection.ndjson"));
    dialog->setPath(path);
    dialog->findChild<QPushButton*>(QStringLiteral("exportButton"))->click();
    QTRY_COMPARE(dialog->findChild<QLabel*>(QStringLiteral("exportStatusLabel"))->text(),
        QStringLiteral("Exported 2 event(s) to %1.").arg(path));
    const QList<QByteArray> lines = read(path).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    // Oldest first, whatever the order of the selection.
    QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(QStringLiteral("id")).toInteger(), ids.at(0));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QStringLiteral("id")).toInteger(), ids.at(2));
}

void TestExportDialog::cancelLeavesNoFile_data()
{
    QTest::addColumn<ExportWriter::Format>("format");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("folderExists");

    QTest::newRow("ndjson file") << ExportWriter::Format::Ndjson << "out.ndjson" << false;
    QTest::newRow("har file") << ExportWriter::Format::Har << "out.har" << false;
    QTest::newRow("fixtures, new folder") << ExportWriter::Format::Fixtures << "fixtures" << false;
    QTest::newRow("fixtures, empty folder") << ExportWriter::Format::Fixtures << "fixtures" << true;
}

void TestExportDialog::cancelLeavesNoFile()
{
    QFETCH(ExportWriter::Format, format);
    QFETCH(QString, name);
    QFETCH(bool, folderExists);
    insert(40);
    const QString path = m_out->filePath(name);
    if (folderExists) {
        QVERIFY(QDir().mkdir(path));
    }
    ExportDialog* dialog = openExport();
    QVERIFY(dialog);
    dialog->setFormat(format);
    dialog->setPath(path);
    // The user clicks Cancel once 5 events are written: the worker waits for the click to be handled.
    auto* cancel = dialog->findChild<QPushButton*>(QStringLiteral("exportCancelButton"));
    dialog->setEventHook([cancel](qint64 written) {
        if (written == 5) {
            QMetaObject::invokeMethod(cancel, &QPushButton::click, Qt::BlockingQueuedConnection);
        }
    });
    dialog->findChild<QPushButton*>(QStringLiteral("exportButton"))->click();
    QVERIFY(dialog->isRunning());
    auto* status = dialog->findChild<QLabel*>(QStringLiteral("exportStatusLabel"));
    QTRY_COMPARE(status->text(), QStringLiteral("Cancelled: nothing was written."));
    QVERIFY(!dialog->isRunning());
    QVERIFY(dialog->isVisible()); // Cancel stopped the export; it did not close the dialog midway
    // Nothing: no file, no temporary file beside it, no fixture, no folder the export made.
    const QStringList left = QDir(m_out->path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(left, folderExists ? QStringList {name} : QStringList());
    if (folderExists) {
        QVERIFY(QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
    }
}

void TestExportDialog::replacingAFileAsksFirst()
{
    QCOMPARE(postThree().size(), 3);
    const QString path = m_out->filePath(QStringLiteral("keep.ndjson"));
    {
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("mine\n");
    }
    ExportDialog* dialog = openExport();
    QVERIFY(dialog);
    dialog->setPath(path);
    m_answer = false;
    QVERIFY(!dialog->startExport());
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.constFirst().contains(QStringLiteral("Replace it?")));
    QCOMPARE(read(path), QByteArray("mine\n"));
    m_answer = true;
    QVERIFY(dialog->startExport());
    QTRY_VERIFY(!dialog->isRunning());
    QCOMPARE(read(path).count('\n'), 3);
}

void TestExportDialog::importShowsTheReport()
{
    // Two good records (NDJSON as the exporter writes it), then two lines it must refuse.
    const QString path = m_out->filePath(QStringLiteral("import.ndjson"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 2; ++i) {
            StoredEvent e;
            e.id = 100 + i;
            e.receivedAtMs = 1795917180000 + i;
            e.method = "POST";
            e.target = "/webhook";
            e.path = "/webhook";
            e.httpVersion = "HTTP/1.1";
            e.headers = {{"Content-Type", "application/json"}};
            e.body = providerWebhook("invoices.created", newKey());
            e.responseStatus = 200;
            file.write(NdjsonRecord::line(e));
        }
        file.write("this is not json\n");
        file.write("{\"method\":\"POST\"}\n");
    }
    tools()->setImportFilePicker([path] { return QStringList {path}; });
    QVERIFY(m_window->trigger(QStringLiteral("importAction")));
    ImportDialog* dialog = tools()->importDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(!dialog->isRunning());
    const QString report = dialog->report();
    QVERIFY2(report.contains(QStringLiteral("Reading import.ndjson as NDJSON")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("import.ndjson:3: ")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("import.ndjson:4: ")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("Imported 2 event(s) from import.ndjson (2 line(s) refused)")),
        qPrintable(report));
    QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("importSummaryLabel"))->text(),
        QStringLiteral("Imported 2 event(s); 2 refused (see below)."));
    // The table shows the imported events (new ids).
    QTRY_COMPARE(m_window->model()->rowCount(), 2);
}

void TestExportDialog::importRefusesAFileItDoesNotKnow()
{
    const QString csv = m_out->filePath(QStringLiteral("events.csv"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("id,received_at,method\r\n1,2026-01-01T00:00:00.000Z,POST\r\n");
    }
    const QString good = m_out->filePath(QStringLiteral("good.ndjson"));
    {
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        StoredEvent e;
        e.receivedAtMs = 1795917180000;
        e.method = "POST";
        e.target = "/webhook";
        e.httpVersion = "HTTP/1.1";
        file.write(NdjsonRecord::line(e));
    }
    tools()->setImportFilePicker([good, csv] { return QStringList {good, csv}; });
    QVERIFY(m_window->trigger(QStringLiteral("importAction")));
    ImportDialog* dialog = tools()->importDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(!dialog->isRunning());
    const QString report = dialog->report();
    QVERIFY2(report.startsWith(QStringLiteral("events.csv: ")), qPrintable(report));
    QVERIFY2(report.endsWith(QStringLiteral("Nothing was imported.")), qPrintable(report));
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("importSummaryLabel"))
                ->text()
                .startsWith(QStringLiteral("Imported 0 event(s)")));
    EventStore store;
    QVERIFY(store.open(m_window->historyPath(), EventStore::OpenMode::MustExist));
    QCOMPARE(store.count(), 0);
}

QTEST_MAIN(TestExportDialog)
#include "TestExportDialog.moc"
