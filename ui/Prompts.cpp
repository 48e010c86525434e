#include "Prompts.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

namespace {

/// A message box that shows @p text as plain text: it can hold URLs and targets' answers.
int ask(QWidget* parent, QMessageBox::Icon icon, const QString& text, QMessageBox::StandardButtons buttons,
    QMessageBox::StandardButton defaultButton)
{
    QMessageBox box(icon, QCoreApplication::translate("Prompts", "Hookscope"), QString(), buttons, parent);
    box.setTextFormat(Qt::PlainText);
    box.setText(text);
    box.setDefaultButton(defaultButton);
    return box.exec();
}

} // namespace

Prompts Prompts::messageBoxes(QWidget* parent)
{
    const QPointer<QWidget> window(parent);
    Prompts prompts;
    prompts.confirm = [window](const QString& question) {
        return ask(window, QMessageBox::Question, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };
    prompts.warn = [window](const QString& message) {
        ask(window, QMessageBox::Warning, message, QMessageBox::Ok, QMessageBox::Ok);
    };
    return prompts;
}
