#include "RefusalDialog.h"

#include "CaptureServer.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

RefusalDialog::RefusalDialog(CaptureServer* server, QWidget* parent)
    : QDialog(parent)
    , m_server(server)
    , m_summary(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("refusalDialog"));
    setWindowTitle(tr("Refused Requests"));
    m_summary->setObjectName(QStringLiteral("refusalSummaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("refusalTreeWidget"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Time"), tr("Remote"), tr("Status"), tr("Reason"), tr("Method"), tr("Target")});
    m_list->header()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(760, 360);
    connect(m_server, &CaptureServer::requestsRefused, this, &RefusalDialog::refresh);
    refresh();
}

void RefusalDialog::refresh()
{
    const RefusalLog& log = m_server->refusals();
    m_summary->setText(tr("%1 requests answered with an error and not stored since Hookscope started; the last %2:")
                           .arg(log.total())
                           .arg(log.recent().size()));
    // Item texts are drawn as plain text: what the sender put in a target shows as sent.
    m_list->clear();
    QList<QTreeWidgetItem*> items;
    for (qsizetype i = log.recent().size() - 1; i >= 0; --i) {
        const Refusal& r = log.recent().at(i);
        auto* item = new QTreeWidgetItem;
        item->setText(TimeColumn, QDateTime::fromMSecsSinceEpoch(r.atMs).toString(QStringLiteral("HH:mm:ss.zzz")));
        item->setText(RemoteColumn, r.remote);
        // 0: a failed TLS handshake, which no HTTP status answered.
        item->setText(StatusColumn, r.status == 0 ? tr("TLS") : QString::number(r.status));
        item->setText(ReasonColumn, r.reason);
        item->setText(MethodColumn, r.method);
        item->setText(TargetColumn, r.target);
        items.append(item);
    }
    m_list->addTopLevelItems(items);
    for (int column = 0; column < TargetColumn; ++column) {
        m_list->resizeColumnToContents(column);
    }
}
