#pragma once

#include <QDialog>

/**
 * Help > About: the version (from CMake's project(), through Version.h), the licence, the history
 * file in use and where the project lives. Everything is plain text that can be selected and copied.
 */
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(const QString& databasePath, QWidget* parent = nullptr);

    static QString homepage() { return QStringLiteral("https://github.com/hookscope/hookscope"); }
};
