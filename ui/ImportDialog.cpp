#include "ImportDialog.h"

#include "Catalog.h"
#include "EventStore.h"
#include "HistoryImporter.h"
#include "HistoryWorker.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <memory>
#include <vector>

namespace {

struct Input
{
    QString name; ///< as shown: the file's name
    std::unique_ptr<QFile> file;
    HistoryImporter::Format format = HistoryImporter::Format::Ndjson;
};

/// Opens and recognises @p path; false with the reason in @p report.
bool openInput(const QString& path, Input* input, ImportDialog::Report* report)
{
    input->name = QFileInfo(path).fileName();
    input->file = std::make_unique<QFile>(path);
    if (QFileInfo(path).isDir()) {
        report->lines << ImportDialog::tr("%1: a folder, not a file").arg(input->name);
        return false;
    }
    if (!input->file->open(QIODevice::ReadOnly)) {
        report->lines << ImportDialog::tr("%1: %2").arg(input->name, input->file->errorString());
        return false;
    }
    QString error;
    if (!HistoryImporter::detect(*input->file, &input->format, &error)) {
        report->lines << ImportDialog::tr("%1: %2").arg(input->name, error);
        return false;
    }
    return true;
}

/// Imports one file; false when the history failed.
bool importInput(EventStore& store, Input& input, ImportDialog::Report* report)
{
    const bool har = input.format == HistoryImporter::Format::Har;
    report->lines << ImportDialog::tr("Reading %1 as %2").arg(input.name, HistoryImporter::formatName(input.format));
    HistoryImporter importer(store, Catalog::builtIn());
    qint64 listed = 0;
    const bool ok = importer.run(*input.file, input.format, [&](const HistoryImporter::Refusal& refusal) {
        if (++listed <= ImportDialog::MaxListed) {
            report->lines << (har ? ImportDialog::tr("%1: entry %2: %3").arg(input.name).arg(refusal.where)
                                  : ImportDialog::tr("%1:%2: %3").arg(input.name).arg(refusal.where))
                                 .arg(refusal.reason);
        }
    });
    if (listed > ImportDialog::MaxListed) {
        report->lines << ImportDialog::tr(
            "… and %n more refused", nullptr, static_cast<int>(listed - ImportDialog::MaxListed));
    }
    report->imported += importer.imported();
    report->refused += importer.refused();
    if (!ok) {
        report->lines << ImportDialog::tr(
            "%1: %2 (%n event(s) imported before)", nullptr, static_cast<int>(importer.imported()))
                             .arg(input.name, importer.errorString());
        return false;
    }
    QString line = ImportDialog::tr("Imported %n event(s) from %1", nullptr, static_cast<int>(importer.imported()))
                       .arg(input.name);
    if (importer.refused() > 0) {
        line += QLatin1Char(' ')
            + (har ? ImportDialog::tr("(%n entry(s) refused)", nullptr, static_cast<int>(importer.refused()))
                   : ImportDialog::tr("(%n line(s) refused)", nullptr, static_cast<int>(importer.refused())));
    }
    report->lines << line;
    return true;
}

ImportDialog::Report importAll(EventStore* store, const QString& storeError, const QStringList& paths)
{
    ImportDialog::Report report;
    if (!store) {
        report.lines << storeError;
        report.failed = true;
        return report;
    }
    // Every file first: a mistyped one imports nothing, so that importing again doesn't double the rest.
    std::vector<Input> inputs(static_cast<size_t>(paths.size()));
    bool allOpen = true;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        allOpen = openInput(paths.at(i), &inputs[static_cast<size_t>(i)], &report) && allOpen;
    }
    if (!allOpen) {
        report.lines << ImportDialog::tr("Nothing was imported.");
        report.failed = true;
        return report;
    }
    for (Input& input : inputs) {
        if (!importInput(*store, input, &report)) {
            report.failed = true;
            break;
        }
    }
    return report;
}

} // namespace

ImportDialog::ImportDialog(const QString& dbPath, QWidget* parent)
    : QDialog(parent)
    , m_dbPath(dbPath)
    , m_worker(new HistoryWorker(QStringLiteral("import"), this))
    , m_summary(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_report(new QPlainTextEdit(this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("ImportDialog"));
    setWindowTitle(tr("Import events"));
    m_summary->setObjectName(QStringLiteral("importSummaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_progress->setObjectName(QStringLiteral("importProgressBar"));
    m_progress->setRange(0, 0);
    m_report->setObjectName(QStringLiteral("importReportTextEdit"));
    m_report->setReadOnly(true);
    m_report->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_close->setObjectName(QStringLiteral("importCloseButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_progress);
    layout->addWidget(m_report, 1);
    layout->addLayout(buttons);
    connect(m_close, &QPushButton::clicked, this, &ImportDialog::reject);
    resize(640, 360);
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::start(const QStringList& files)
{
    m_running = true;
    m_close->setEnabled(false);
    m_progress->show();
    m_summary->setText(tr("Importing %n file(s)…", nullptr, static_cast<int>(files.size())));
    m_report->clear();
    m_worker->run(
        [worker = m_worker, path = m_dbPath, files] {
            QString error;
            EventStore* store = worker->store(path, &error);
            return importAll(store, error, files);
        },
        [this](const Report& report) { done(report); });
}

void ImportDialog::done(const Report& report)
{
    m_running = false;
    m_close->setEnabled(true);
    m_progress->hide();
    m_report->setPlainText(report.lines.join(QLatin1Char('\n')));
    QString summary = tr("Imported %n event(s)", nullptr, static_cast<int>(report.imported));
    if (report.refused > 0) {
        summary += QStringLiteral("; ") + tr("%n refused (see below)", nullptr, static_cast<int>(report.refused));
    }
    if (report.failed) {
        summary += QStringLiteral("; ") + tr("the import did not complete (see below)");
    }
    m_summary->setText(summary + QLatin1Char('.'));
    emit importFinished(report.imported);
}

QString ImportDialog::report() const
{
    return m_report->toPlainText();
}

void ImportDialog::reject()
{
    // An import can't stop halfway without leaving half a file in the history: it runs to its end.
    if (!m_running) {
        QDialog::reject();
    }
}
