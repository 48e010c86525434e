#include "ExportDialog.h"

#include "EventStore.h"
#include "HistoryWorker.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace {

QString suffix(ExportWriter::Format format)
{
    switch (format) {
    case ExportWriter::Format::Ndjson:
        return QStringLiteral("ndjson");
    case ExportWriter::Format::JsonArray:
        return QStringLiteral("json");
    case ExportWriter::Format::Csv:
        return QStringLiteral("csv");
    case ExportWriter::Format::Har:
        return QStringLiteral("har");
    case ExportWriter::Format::Fixtures:
        break;
    }
    return {};
}

} // namespace

ExportDialog::ExportDialog(const QString& dbPath, const EventFilter& filter, const QList<qint64>& selection,
    const Prompts& prompts, QWidget* parent)
    : QDialog(parent)
    , m_dbPath(dbPath)
    , m_filter(filter)
    , m_selection(selection)
    , m_prompts(prompts)
    , m_worker(new HistoryWorker(QStringLiteral("export"), this))
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
    , m_format(new QComboBox(this))
    , m_selectionScope(new QRadioButton(this))
    , m_shownScope(new QRadioButton(this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_export(new QPushButton(tr("Export"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
{
    setObjectName(QStringLiteral("ExportDialog"));
    setWindowTitle(tr("Export events"));
    m_format->setObjectName(QStringLiteral("exportFormatComboBox"));
    m_format->addItem(tr("NDJSON: one record per line, lossless, imports back"), QStringLiteral("ndjson"));
    m_format->addItem(tr("JSON array"), QStringLiteral("json"));
    m_format->addItem(tr("CSV: one row per event, for spreadsheets"), QStringLiteral("csv"));
    m_format->addItem(tr("HAR 1.2: browser devtools, HTTP Toolkit"), QStringLiteral("har"));
    m_format->addItem(tr("Test fixtures: one JSON file per event, into a folder"), QStringLiteral("fixtures"));
    m_selectionScope->setObjectName(QStringLiteral("exportSelectionRadioButton"));
    m_selectionScope->setText(tr("The %n selected event(s)", nullptr, static_cast<int>(selection.size())));
    m_selectionScope->setEnabled(!selection.isEmpty());
    m_shownScope->setObjectName(QStringLiteral("exportShownRadioButton"));
    m_shownScope->setText(filter.isEmpty() ? tr("Every event in the history") : tr("Everything the filter shows"));
    (selection.size() > 1 ? m_selectionScope : m_shownScope)->setChecked(true);
    m_path->setObjectName(QStringLiteral("exportPathLineEdit"));
    m_browse->setObjectName(QStringLiteral("exportBrowseButton"));
    m_progress->setObjectName(QStringLiteral("exportProgressBar"));
    m_progress->hide();
    m_status->setObjectName(QStringLiteral("exportStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    m_cancelButton->setObjectName(QStringLiteral("exportCancelButton"));

    auto* where = new QHBoxLayout;
    where->addWidget(m_path, 1);
    where->addWidget(m_browse);
    auto* scope = new QVBoxLayout;
    scope->addWidget(m_selectionScope);
    scope->addWidget(m_shownScope);
    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Events:"), scope);
    form->addRow(tr("To:"), where);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    buttons->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_path->setText(
        QDir(documents.isEmpty() ? QDir::homePath() : documents).filePath(QStringLiteral("hookscope-export.ndjson")));
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancelButton, &QPushButton::clicked, this, &ExportDialog::reject);
}

ExportDialog::~ExportDialog()
{
    m_cancel->store(true); // the worker's destructor waits for the job, which stops at once
}

ExportWriter::Format ExportDialog::format() const
{
    ExportWriter::Format format = ExportWriter::Format::Ndjson;
    ExportWriter::formatFromName(m_format->currentData().toString(), &format);
    return format;
}

void ExportDialog::setFormat(ExportWriter::Format format)
{
    // formatNames() lists the formats in the enum's order.
    m_format->setCurrentIndex(m_format->findData(ExportWriter::formatNames().value(static_cast<int>(format))));
}

void ExportDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

void ExportDialog::setSelectionScope(bool selection)
{
    (selection ? m_selectionScope : m_shownScope)->setChecked(true);
}

void ExportDialog::formatChanged()
{
    // The file name follows the format: "export.ndjson" becomes "export.csv", or the folder "export".
    const QFileInfo current(m_path->text());
    const QString stem = current.suffix().isEmpty() ? current.fileName() : current.completeBaseName();
    const QString extension = suffix(format());
    const QString name = extension.isEmpty() ? stem : stem + QLatin1Char('.') + extension;
    m_path->setText(current.dir().filePath(name));
}

void ExportDialog::browse()
{
    const QString chosen = format() == ExportWriter::Format::Fixtures
        ? QFileDialog::getExistingDirectory(this, tr("Export test fixtures into"), m_path->text())
        : QFileDialog::getSaveFileName(this, tr("Export to"), m_path->text(), QString(), nullptr,
            QFileDialog::DontConfirmOverwrite); // startExport() asks
    if (!chosen.isEmpty()) {
        m_path->setText(chosen);
    }
}

bool ExportDialog::startExport()
{
    if (m_running) {
        return false;
    }
    const QString path = m_path->text().trimmed();
    const QFileInfo info(path);
    const bool fixtures = format() == ExportWriter::Format::Fixtures;
    if (path.isEmpty()) {
        m_status->setText(fixtures ? tr("Choose the folder to write into.") : tr("Choose the file to write."));
        return false;
    }
    if (!info.dir().exists()) {
        m_status->setText(tr("The folder %1 does not exist.").arg(info.dir().path()));
        return false;
    }
    if (fixtures && info.isDir()
        && !QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System).isEmpty()
        && !m_prompts.confirm(
            tr("The folder %1 is not empty: files of the same names are replaced. Export into it?").arg(path))) {
        return false;
    }
    if (!fixtures && info.isDir()) {
        m_status->setText(tr("%1 is a folder: name a file.").arg(path));
        return false;
    }
    if (!fixtures && info.exists() && !m_prompts.confirm(tr("%1 exists. Replace it?").arg(path))) {
        return false;
    }
    ExportJob::Request request;
    request.format = format();
    request.path = path;
    request.historyPath = m_dbPath;
    request.selection = m_selectionScope->isChecked();
    request.ids = m_selection;
    request.filter = m_filter;

    m_running = true;
    m_cancel->store(false);
    for (QWidget* w :
        {static_cast<QWidget*>(m_format), static_cast<QWidget*>(m_selectionScope), static_cast<QWidget*>(m_shownScope),
            static_cast<QWidget*>(m_path), static_cast<QWidget*>(m_browse), static_cast<QWidget*>(m_export)}) {
        w->setEnabled(false);
    }
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(tr("Exporting…"));
    m_worker->run(
        // The answers run only while the worker lives, and it dies with this dialog: `this` is safe there.
        [this, worker = m_worker, dbPath = m_dbPath, request, cancel = m_cancel, hook = m_eventHook] {
            QString error;
            EventStore* store = worker->store(dbPath, &error);
            if (!store) {
                return ExportJob::Result {0, false, error};
            }
            QElapsedTimer sinceShown;
            sinceShown.start();
            return ExportJob::run(*store, request, [&](qint64 written, qint64 total) {
                if (hook) {
                    hook(written);
                }
                // The bar is redrawn a few times a second, not for each event.
                if (sinceShown.elapsed() >= 100) {
                    sinceShown.restart();
                    worker->answer([this, written, total] { showProgress(written, total); });
                }
                return !cancel->load() && !worker->stopping();
            });
        },
        [this](const ExportJob::Result& result) { done(result); });
    return true;
}

void ExportDialog::showProgress(qint64 written, qint64 total)
{
    if (!m_running) {
        return;
    }
    if (total > 0) {
        // QProgressBar counts in int: a permille scale holds any history.
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(written * 1000 / total));
    }
    m_status->setText(total > 0 ? tr("Exported %1 of %2…").arg(written).arg(total) : tr("Exported %1…").arg(written));
}

void ExportDialog::cancel()
{
    m_cancel->store(true);
    m_cancelButton->setEnabled(false);
    m_status->setText(tr("Cancelling…"));
}

void ExportDialog::reject()
{
    if (m_running) {
        cancel(); // the dialog stays until the job has removed what it wrote
        return;
    }
    QDialog::reject();
}

void ExportDialog::done(const ExportJob::Result& result)
{
    m_running = false;
    m_progress->hide();
    m_cancelButton->setEnabled(true);
    m_cancelButton->setText(tr("Close"));
    if (result.cancelled) {
        m_status->setText(tr("Cancelled: nothing was written."));
    } else if (!result.error.isEmpty()) {
        m_status->setText(tr("The export failed: %1").arg(result.error));
    } else {
        m_status->setText(
            tr("Exported %n event(s) to %1.", nullptr, static_cast<int>(result.written)).arg(m_path->text().trimmed()));
    }
    for (QWidget* w : {static_cast<QWidget*>(m_format), static_cast<QWidget*>(m_shownScope),
             static_cast<QWidget*>(m_path), static_cast<QWidget*>(m_browse), static_cast<QWidget*>(m_export)}) {
        w->setEnabled(true);
    }
    m_selectionScope->setEnabled(!m_selection.isEmpty());
    emit exportFinished(result);
}
