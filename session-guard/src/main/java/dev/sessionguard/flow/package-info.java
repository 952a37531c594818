/** Internal: the bytecode data-flow analysis behind SG002-SG004. */
@Internal
package dev.sessionguard.flow;

import dev.sessionguard.annotation.Internal;
