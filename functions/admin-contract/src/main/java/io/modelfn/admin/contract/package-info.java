/** The admin API's requests and answers, shared by the admin functions and the operator CLI. */
package io.modelfn.admin.contract;
