/** Internal: the audit's report formats, for the command line. */
@Internal
package dev.sessionguard.report;

import dev.sessionguard.annotation.Internal;
