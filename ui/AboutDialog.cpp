#include "AboutDialog.h"

#include "Version.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace {

// Plain text, selectable: the path or the address may well be what the user came to copy.
QLabel* plainLabel(const QString& objectName, const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

AboutDialog::AboutDialog(const QString& databasePath, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("AboutDialog"));
    setWindowTitle(tr("About Hookscope"));

    auto* icon = new QLabel(this);
    icon->setObjectName(QStringLiteral("iconLabel"));
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto* title
        = plainLabel(QStringLiteral("versionLabel"), tr("Hookscope %1").arg(QLatin1String(HOOKSCOPE_VERSION)), this);
    QFont bigger = title->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.4);
    bigger.setBold(true);
    title->setFont(bigger);
    auto* summary = plainLabel(QStringLiteral("summaryLabel"),
        tr("Captures the webhooks posted to your workstation, keeps them in a local history and shows them."), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Licence:"),
        plainLabel(QStringLiteral("licenseLabel"), tr("MIT License, © 2026 The Hookscope developers"), this));
    form->addRow(
        tr("History:"), plainLabel(QStringLiteral("databasePathLabel"), QDir::toNativeSeparators(databasePath), this));
    form->addRow(tr("Website:"), plainLabel(QStringLiteral("websiteLabel"), homepage(), this));
    form->addRow(tr("Qt:"),
        plainLabel(QStringLiteral("qtVersionLabel"),
            tr("built with %1, running on %2").arg(QLatin1String(QT_VERSION_STR), QLatin1String(qVersion())), this));

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addLayout(form);
    text->addStretch(1);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("aboutButtonBox"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}
